#!/usr/bin/env node
// Builds the appliance pages into appliance-ui/dist when the UI project is present.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync('appliance-ui/vite.config.ts')) {
  console.log('build-ui: appliance-ui has no vite.config.ts yet; nothing to build');
  process.exit(0);
}
const r = spawnSync(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', '--config', 'appliance-ui/vite.config.ts'],
  {
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
