import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { EventBus, type GatewayEvents } from '../../gateway/core/events.js';
import { JobBook } from '../../gateway/issuance/jobs.js';
import type { JobRecord } from '../../gateway/issuance/job.js';
import { bump } from '../../gateway/issuance/ledger.js';
import { tempDir } from './service-helpers.js';
import { queuedJob } from './parts-rig.js';

const clock = { now: () => Date.parse('2026-11-28T10:00:00Z') };
const open = (dataDir: string, bus = new EventBus()) =>
  JobBook.open({ dataDir, bus, clock, logger: pino({ level: 'silent' }) });

const job = (id: string): JobRecord => queuedJob(id);

describe('job book: records and books in one journal', () => {
  it('commits a job with the books atomically, announces status changes and counters, and reloads both', async () => {
    const dir = tempDir();
    const bus = new EventBus();
    const seen: Array<GatewayEvents['issuance:job']['status']> = [];
    let counters = 0;
    bus.on('issuance:job', (e) => seen.push(e.status));
    bus.on('issuance:counters', () => counters++);
    const book = await open(dir, bus);
    const id = '20261128-00000000aa';
    const loaded = bump(book.state, 'load', { nowMs: clock.now(), actor: 'tech', count: 2 });
    await book.commit([job(id)], loaded.s, [loaded.change]);
    await book.update(id, 'encoding', { attempts: 1 }, 'attempt 1');
    expect(seen).toEqual(['queued', 'encoding']);
    expect(counters).toBe(1);
    expect(book.active.has(id)).toBe(true);
    await book.close();

    const again = await open(dir);
    const j = await again.load(id);
    expect(j).toMatchObject({ status: 'encoding', attempts: 1 });
    expect(j.history.map((h) => h.note ?? h.status)).toEqual(['queued', 'attempt 1']);
    expect(again.state.stock.inFeeder).toBe(2);
    expect(again.active.has(id)).toBe(true);
    await again.close();
  });

  it('refuses a transition outside the table and leaves the record as it was', async () => {
    const book = await open(tempDir());
    const id = '20261128-00000000bb';
    await book.commit([job(id)]);
    await expect(book.update(id, 'done')).rejects.toMatchObject({ code: 'JOB_BAD_TRANSITION', status: 409 });
    expect((await book.load(id)).status).toBe('queued');
    await book.close();
  });

  it('a job at rest leaves the active set; unknown and malformed ids are 404', async () => {
    const book = await open(tempDir());
    const id = '20261128-00000000cc';
    await book.commit([job(id)]);
    await book.update(id, 'cancelled');
    expect(book.active.has(id)).toBe(false);
    expect(book.state.active).not.toContain(id);
    expect((await book.load(id)).status).toBe('cancelled');
    await expect(book.load('20261128-00000000dd')).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
      status: 404,
    });
    await expect(book.load('../etc')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    await book.close();
  });

  it('one writer at a time: concurrent read-modify-commits do not lose updates', async () => {
    const book = await open(tempDir());
    await Promise.all(
      Array.from({ length: 20 }, () =>
        book.commitState((s) => ({ s: { ...s, nextQueueSeq: s.nextQueueSeq + 1 } })),
      ),
    );
    expect(book.state.nextQueueSeq).toBe(21);
    await book.close();
  });
});
