import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateHqDoc } from '../../gateway/handoff/contract/schema-docs.js';
import { IssuanceRecord } from '../../gateway/handoff/contract/record.js';
import { projectRoot } from '../helpers/processes.js';

describe('docs/hq.md', () => {
  it("holds the issuance record's current JSON Schema (regenerate with gateway/handoff/contract/write-docs.ts)", () => {
    const doc = readFileSync(join(projectRoot, 'docs/hq.md'), 'utf8');
    expect(updateHqDoc(doc)).toBe(doc);
    // Every top-level field of the record is described in the generated schema.
    for (const field of Object.keys(IssuanceRecord.properties)) expect(doc).toContain(`"${field}"`);
  });
});
