#!/usr/bin/env node
// tsc compiles only TypeScript: copy the data files modules read next to themselves (every
// `assets/` folder under gateway/, drivers/, firmware-bridge/, and HQ's SQL `migrations/`) into
// dist/ at the same paths, so
// the compiled station that `npm start` runs finds them as the sources do.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['gateway', 'drivers', 'firmware-bridge'];
let copied = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory() || name === 'node_modules') continue;
    if (name === 'assets' || name === 'migrations') {
      cpSync(path, join('dist', path), { recursive: true });
      copied++;
    } else {
      walk(path);
    }
  }
}

for (const root of roots) if (existsSync(root)) walk(root);
console.log(`copy-build-assets: ${copied} assets folder(s) copied into dist/`);
