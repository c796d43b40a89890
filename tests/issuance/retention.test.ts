import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRetention } from '../../gateway/issuance/retention.js';
import { partsRig, queuedJob } from './parts-rig.js';

describe('retention: personal data kept no longer than needed', () => {
  it('purges finished jobs past the period, keeps younger and unfinished ones, and moves its cursor past clean days', async () => {
    const r = await partsRig();
    const retention = createRetention({ ...r, retentionDays: 30, log: r.logger });
    const old = '20261101-000000000a';
    const waiting = '20261101-000000000b';
    const young = '20261127-000000000c';
    for (const id of [old, waiting, young]) await r.personal.putJson(id, { surname: 'X' });
    await r.book.commit([
      queuedJob(old, { status: 'done', updatedAt: '2026-11-01T10:00:00.000Z' }),
      queuedJob(waiting, { status: 'needs-operator', updatedAt: '2026-11-01T10:00:00.000Z' }),
      queuedJob(young, { status: 'done', updatedAt: '2026-11-27T10:00:00.000Z' }),
    ]);
    r.clock.set(Date.parse('2026-12-05T10:00:00Z'));
    expect(await retention.purgeExpired()).toBe(1);
    expect(await r.book.load(old)).toMatchObject({ personalData: false, purgedAt: expect.any(String) });
    expect(await r.personal.getJson(old)).toBeNull();
    expect((await r.book.load(waiting)).personalData).toBe(true);
    expect((await r.book.load(young)).personalData).toBe(true);
    // The day still holds a job waiting for a person: the cursor does not pass it.
    expect(r.book.state.retentionCursor).toBeNull();
    expect(r.entries).toContainEqual(
      expect.objectContaining({ action: 'retention.purge', details: { jobs: 1 } }),
    );
  });

  it('removes sealed files whose job was never committed, but not those of a job being created', async () => {
    const r = await partsRig();
    const retention = createRetention({ ...r, retentionDays: 30, log: r.logger });
    const committed = '20261128-000000000a';
    const orphan = '20261128-000000000b';
    const creating = '20261128-000000000c';
    for (const id of [committed, orphan, creating]) await r.personal.putJson(id, { surname: 'X' });
    await r.book.commit([queuedJob(committed)]);
    retention.creating.add(creating);
    expect(await retention.sweepOrphans()).toBe(1);
    const left = readdirSync(join(r.dataDir, 'personal')).sort();
    expect(left).toEqual([`${committed}.person`, `${creating}.person`]);
  });

  it('rotating the data key reseals every file and records it', async () => {
    const r = await partsRig();
    const retention = createRetention({ ...r, retentionDays: 30, log: r.logger });
    await r.personal.putJson('20261128-000000000a', { surname: 'Y' });
    const rot = await retention.rotateDataKey();
    expect(rot.resealed).toBe(1);
    expect(await r.personal.getJson('20261128-000000000a')).toEqual({ surname: 'Y' });
    expect(r.entries.at(-1)).toMatchObject({ action: 'crypto.rotate', details: { resealed: 1 } });
  });
});
