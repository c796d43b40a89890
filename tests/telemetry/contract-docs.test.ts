import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/processes.js';
import { updateDoc } from '../../gateway/telemetry/contract/schema-docs.js';
import { TopicSchemas } from '../../gateway/telemetry/contract/index.js';

describe('docs/telemetry.md', () => {
  it('holds the current JSON Schema of every payload (regenerate with gateway/telemetry/contract/write-docs.ts)', () => {
    const doc = readFileSync(join(projectRoot, 'docs/telemetry.md'), 'utf8');
    expect(updateDoc(doc)).toBe(doc);
    for (const topic of Object.keys(TopicSchemas)) expect(doc).toContain(`### \`${topic}\``);
  });
});
