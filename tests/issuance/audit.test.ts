import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { openAuditLog, auditPath } from '../../gateway/audit/audit-log.js';
import { runCli } from '../helpers/processes.js';
import { tempDir } from './service-helpers.js';

describe('audit trail', () => {
  it('chains entries, drops personal fields, and reports the first broken entry', async () => {
    const dir = tempDir();
    const log = await openAuditLog(dir);
    await log.append({
      actor: 'op',
      action: 'issuance.create',
      target: 'j1',
      details: { kind: 'new', surname: 'Secret' },
    });
    await log.append({ actor: 'tech', action: 'stock.load', details: { count: 5 } });
    await log.append({ actor: 'op', action: 'issuance.cancel', target: 'j1' });
    expect(await log.verify()).toEqual({ valid: true, entries: 3 });
    expect(readFileSync(auditPath(dir), 'utf8')).not.toContain('Secret');
    expect((await log.read({ from: 2, limit: 1 }))[0]).toMatchObject({ seq: 2, action: 'stock.load' });
    await log.close();

    const ok = await runCli(['audit', 'verify', '--data-dir', dir]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, entries: 3 });

    const text = readFileSync(auditPath(dir), 'utf8').replace('"count":5', '"count":50');
    writeFileSync(auditPath(dir), text);
    const bad = await runCli(['audit', 'verify', '--data-dir', dir]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, firstBroken: { line: 2, seq: 2 } });
  }, 30_000);

  it('continues the chain after a torn last line left by a crash', async () => {
    const dir = tempDir();
    const log = await openAuditLog(dir);
    await log.append({ actor: 'a', action: 'x' });
    await log.close();
    appendFileSync(auditPath(dir), '{"seq":2,"at":"20');
    const log2 = await openAuditLog(dir);
    await log2.append({ actor: 'a', action: 'y' });
    expect(await log2.verify()).toEqual({ valid: true, entries: 2 });
    await log2.close();
  });
});
