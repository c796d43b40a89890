import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { auditPath, openAuditLog } from '../../gateway/audit/audit-log.js';
import { purgeEndedTraining } from '../../gateway/training/purge.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const log = pino({ level: 'silent' });
const actions = (dataDir: string): string[] =>
  existsSync(auditPath(dataDir))
    ? readFileSync(auditPath(dataDir), 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { action: string }).action)
    : [];

describe('purging training data when training ends', () => {
  it('keeps the training signer, moves out and deletes the rest, audited once', async () => {
    const dataDir = makeTempDir('cardgate-purge-');
    const t = join(dataDir, 'training');
    for (const d of ['pki', 'keys', 'journal', 'personal', 'printer-emulator'])
      mkdirSync(join(t, d), { recursive: true });
    writeFileSync(join(t, 'pki', 'csca.crt'), 'cert');
    writeFileSync(join(t, 'journal', 'jobs.jsonl'), '{"documentNumber":"ZZ0000001"}');
    writeFileSync(join(t, 'drills.json'), '{}');
    const audit = await openAuditLog(dataDir);

    expect(await purgeEndedTraining(dataDir, audit, log)).toEqual({
      entries: expect.arrayContaining(['journal', 'personal', 'printer-emulator', 'drills.json']),
    });
    expect(readdirSync(t).sort()).toEqual(['keys', 'pki']);
    expect(readFileSync(join(t, 'pki', 'csca.crt'), 'utf8')).toBe('cert');
    expect(existsSync(join(dataDir, 'training-purge'))).toBe(false);
    expect(actions(dataDir)).toEqual(['training.purged']);

    // Nothing left to purge: no second entry.
    expect(await purgeEndedTraining(dataDir, audit, log)).toBeNull();
    expect(actions(dataDir)).toEqual(['training.purged']);
    expect((await audit.verify()).valid).toBe(true);
  });

  it('a crash after the move finishes the deletion at the next start', async () => {
    const dataDir = makeTempDir('cardgate-purge-');
    // What a crash between the audit entry and the deletion leaves behind.
    mkdirSync(join(dataDir, 'training-purge', 'x-journal'), { recursive: true });
    writeFileSync(join(dataDir, 'training-purge', 'x-journal', 'jobs.jsonl'), 'ZZ0000001');
    const audit = await openAuditLog(dataDir);
    expect(await purgeEndedTraining(dataDir, audit, log)).toBeNull();
    expect(existsSync(join(dataDir, 'training-purge'))).toBe(false);
  });

  it('a station that never trained has nothing to purge', async () => {
    const dataDir = makeTempDir('cardgate-purge-');
    const audit = await openAuditLog(dataDir);
    expect(await purgeEndedTraining(dataDir, audit, log)).toBeNull();
    expect(actions(dataDir)).toEqual([]);
  });
});
