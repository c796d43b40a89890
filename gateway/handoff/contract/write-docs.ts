/** Regenerates the issuance record's JSON Schema in docs/hq.md from the TypeBox contract. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { updateHqDoc } from './schema-docs.js';

const path = fileURLToPath(new URL('../../../docs/hq.md', import.meta.url));
writeFileSync(path, updateHqDoc(readFileSync(path, 'utf8')));
process.stdout.write(`updated ${path}\n`);
