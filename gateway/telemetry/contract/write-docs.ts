/** Regenerates the payload schemas in docs/telemetry.md from the TypeBox contract. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { updateDoc } from './schema-docs.js';

const path = fileURLToPath(new URL('../../../docs/telemetry.md', import.meta.url));
writeFileSync(path, updateDoc(readFileSync(path, 'utf8')));
process.stdout.write(`updated ${path}\n`);
