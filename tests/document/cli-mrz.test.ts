import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'mrz';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const fixture = (name: string): string => join(import.meta.dirname, '..', 'fixtures', 'persons', name);

describe('cardgate mrz', () => {
  it('prints three valid TD1 lines for a person file', async () => {
    const r = await runCli(['mrz', fixture('cyrillic.json')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(parse(lines).valid).toBe(true);
    expect(lines[2]).toBe('SHEVCHENKO<<YULIIA<<<<<<<<<<<<');
  }, 30_000);

  it('exits 2 with a code for an impossible date and for a bad file', async () => {
    const dir = makeTempDir('cardgate-mrz-');
    const file = join(dir, 'p.json');
    writeFileSync(
      file,
      JSON.stringify({
        documentCode: 'ID',
        issuingState: 'ROU',
        documentNumber: 'AB1234567',
        surname: 'Pop',
        givenNames: 'Ana',
        sex: 'F',
        dateOfBirth: '1999-02-30',
        dateOfExpiry: '2027-01-01',
        nationality: 'ROU',
      }),
    );
    const r = await runCli(['mrz', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MRZ_BAD_DATE');
    writeFileSync(file, '{ not json');
    const r2 = await runCli(['mrz', file]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('MRZ_INPUT_INVALID');
  }, 30_000);
});
