import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/temp-dir.js';
import { projectRoot } from '../helpers/processes.js';

/** The closing line CI prints is what decides "green": a broken suite must never read as 0 failed. */
function summarise(report: unknown): { line: string; status: number | null } {
  const file = join(makeTempDir('cardgate-summary-'), 'vitest.json');
  writeFileSync(file, JSON.stringify(report));
  const r = spawnSync(process.execPath, [join(projectRoot, 'scripts/test-summary.js'), file], {
    encoding: 'utf8',
  });
  return { line: r.stdout.trim().split('\n').at(-1)!, status: r.status };
}

describe('CI test summary', () => {
  it('counts passed, failed and skipped tests', () => {
    const r = summarise({
      numPassedTests: 5,
      numFailedTests: 1,
      numPendingTests: 0,
      testResults: [{ status: 'failed', assertionResults: [{ status: 'failed' }] }],
    });
    expect(r).toEqual({ line: '5 passed, 1 failed, 0 skipped', status: 1 });
  });

  it('counts a suite whose beforeAll failed (its tests skipped) as failed', () => {
    const r = summarise({
      numPassedTests: 812,
      numFailedTests: 0,
      numPendingTests: 1,
      testResults: [
        { status: 'passed', assertionResults: [{ status: 'passed' }] },
        { status: 'failed', assertionResults: [{ status: 'skipped' }] },
      ],
    });
    expect(r).toEqual({ line: '812 passed, 1 failed, 1 skipped', status: 1 });
  });

  it('reports an unreadable report as a failure', () => {
    const r = spawnSync(
      process.execPath,
      [join(projectRoot, 'scripts/test-summary.js'), '/nonexistent.json'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });
});
