/** Writes docs/configuration.md from the config schema. Run after changing any config section. */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigDocs } from '../gateway/config/docs.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'configuration.md');
writeFileSync(target, renderConfigDocs());
console.log(`gen-config-docs: wrote ${target}`);
