import { describe, expect, it } from 'vitest';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Outbox } from '../../gateway/telemetry/outbox.js';
import { tempDir } from './fixtures.js';

const ev = (n: number) => ({ topic: 'events', retain: false, payload: { seq: n }, deferred: false });

describe('telemetry outbox', () => {
  it('keeps unacknowledged entries across a restart, in order, and forgets acknowledged ones', async () => {
    const dir = tempDir();
    const a = await Outbox.open({ dir, maxMessages: 1000, fsyncIntervalMs: 5, segmentEntries: 4 });
    const entries = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => a.append(ev(n))));
    const sent = a.takeUnsent(100);
    expect(sent.map((e) => e.payload.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Acks may come back out of order; only the contiguous prefix counts as delivered.
    for (const i of [0, 1, 2, 3, 4, 6]) a.ack(entries[i]!);
    expect(a.depth).toBe(4);
    await a.close();
    // Segments wholly delivered (1–4) are gone from disk.
    expect(readdirSync(dir).filter((f) => f.startsWith('seg-'))).not.toContain('seg-000000000001.jsonl');

    const b = await Outbox.open({ dir, maxMessages: 1000, fsyncIntervalMs: 5, segmentEntries: 4 });
    const again = b.takeUnsent(100);
    // 7 was acked but sits above the watermark (6 was not): it is sent again, which receivers drop by seq.
    expect(again.map((e) => e.payload.seq)).toEqual([6, 7, 8, 9, 10]);
    expect(again.every((e) => e.deferred)).toBe(true);
    for (const e of again) b.ack(e);
    const next = await b.append(ev(11));
    expect(next.id).toBe(11);
    await b.close();
    const c = await Outbox.open({ dir, maxMessages: 1000 });
    expect(c.takeUnsent(100).map((e) => e.payload.seq)).toEqual([11]);
    await c.close();
  });

  it('ignores a torn last line left by a power cut', async () => {
    const dir = tempDir();
    const a = await Outbox.open({ dir, maxMessages: 1000, fsyncIntervalMs: 5 });
    await a.append(ev(1));
    await a.append(ev(2));
    await a.close();
    const seg = readdirSync(dir).find((f) => f.startsWith('seg-'))!;
    appendFileSync(join(dir, seg), '{"id":3,"t":"events","r":fal');
    const b = await Outbox.open({ dir, maxMessages: 1000 });
    expect(b.takeUnsent(10).map((e) => e.payload.seq)).toEqual([1, 2]);
    await b.close();
  });

  it('publishes only what is on disk, and re-sends in-flight entries as historical after a drop', async () => {
    const a = await Outbox.open({ dir: tempDir(), maxMessages: 1000, fsyncIntervalMs: 50 });
    const p = a.append(ev(1));
    expect(a.takeUnsent(10)).toEqual([]);
    await p;
    const [first] = a.takeUnsent(10);
    expect(first?.deferred).toBe(false);
    a.resetUnsent();
    const [again] = a.takeUnsent(10);
    expect(again?.id).toBe(first?.id);
    expect(again?.deferred).toBe(true);
    await a.close();
  });

  it('over the bound, coalesces counters snapshots but never drops events', async () => {
    const dir = tempDir();
    const a = await Outbox.open({ dir, maxMessages: 100, fsyncIntervalMs: 5 });
    const writes: Promise<unknown>[] = [];
    for (let i = 1; i <= 150; i++) {
      writes.push(a.append(ev(i)));
      writes.push(
        a.append({
          topic: 'counters',
          retain: true,
          payload: { issued: i },
          coalesce: 'counters',
          deferred: true,
        }),
      );
    }
    await Promise.all(writes);
    expect(a.overLimit).toBe(true);
    const check = (box: Outbox) => {
      const all = box.takeUnsent(10_000);
      const events = all.filter((e) => e.topic === 'events').map((e) => e.payload.seq);
      const counters = all.filter((e) => e.topic === 'counters').map((e) => e.payload.issued as number);
      expect(events).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
      expect(counters.length).toBeLessThan(150);
      expect(counters.at(-1)).toBe(150);
      expect(counters).toEqual([...counters].sort((x, y) => x - y));
      return all;
    };
    check(a);
    await a.close();
    // The coalescing is on disk too.
    const b = await Outbox.open({ dir, maxMessages: 100 });
    check(b);
    await b.close();
  });
});
