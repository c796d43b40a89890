#!/usr/bin/env node
// The one `cardgate` command. Runs the compiled CLI; in a checkout without a build it falls back
// to compiling the TypeScript sources on the fly so a developer never runs stale code by accident.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'gateway', 'cli', 'main.js');
if (existsSync(built) && !process.env.CARDGATE_FROM_SOURCE) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'gateway', 'cli', 'main.ts')).href);
}
