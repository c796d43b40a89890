import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalStore } from '../../gateway/storage/journal-store.js';
import { AppendLog, encodeLine } from '../../gateway/storage/checksummed-log.js';
import { tempDir } from './service-helpers.js';

const journalFile = (dir: string): string => {
  const f = readdirSync(join(dir, 'journal')).sort().at(-1)!;
  return join(dir, 'journal', f);
};

describe('journal store', () => {
  it('replays committed changes after a crash without a checkpoint', async () => {
    const dir = tempDir();
    const s = await JournalStore.open(dir, { checkpointEvery: 1000 });
    await s.commit([{ partition: 'jobs/2026-11-28', id: 'a', value: { v: 1 } }]);
    await s.commit([
      { partition: 'jobs/2026-11-28', id: 'a', value: { v: 2 } },
      { partition: 'station', id: 'state', value: { n: 7 } },
    ]);
    // No close(): the process "dies" here; nothing but the journal is on disk.
    const s2 = await JournalStore.open(dir);
    expect(s2.replayed).toBe(2);
    expect(await s2.get('jobs/2026-11-28', 'a')).toEqual({ v: 2 });
    expect(await s2.get('station', 'state')).toEqual({ n: 7 });
    await s2.close();
  });

  it('ignores and cuts off a torn last journal line; the record reads as its old value', async () => {
    const dir = tempDir();
    const s = await JournalStore.open(dir, { checkpointEvery: 1000 });
    await s.commit([{ partition: 'p', id: 'a', value: { v: 1 } }]);
    await s.commit([{ partition: 'p', id: 'b', value: { v: 1 } }]);
    const file = journalFile(dir);
    const good = readFileSync(file).length;
    // A crash in the middle of the third append: half a line, no newline.
    const line = encodeLine({ seq: 3, at: 0, changes: [{ partition: 'p', id: 'a', value: { v: 99 } }] });
    appendFileSync(file, line.slice(0, line.length / 2));
    const s2 = await JournalStore.open(dir);
    expect(s2.droppedBytes).toBeGreaterThan(0);
    expect(await s2.get('p', 'a')).toEqual({ v: 1 });
    expect(readFileSync(file).length).toBeLessThanOrEqual(good);
    // Appends continue cleanly after the cut.
    await s2.commit([{ partition: 'p', id: 'a', value: { v: 3 } }]);
    await s2.close();
    const s3 = await JournalStore.open(dir);
    expect(await s3.get('p', 'a')).toEqual({ v: 3 });
    expect(await s3.get('p', 'b')).toEqual({ v: 1 });
    await s3.close();
  });

  it('a whole last line with a wrong checksum is also a torn line; damage in the middle is refused', async () => {
    const dir = tempDir();
    const { log } = await AppendLog.open<{ n: number }>(join(dir, 'x.log'));
    await log.append({ n: 1 }, { n: 2 });
    await log.close();
    appendFileSync(join(dir, 'x.log'), '00000000 {"n":3}\n');
    const r = await AppendLog.open<{ n: number }>(join(dir, 'x.log'));
    expect(r.entries.map((e) => e.value.n)).toEqual([1, 2]);
    await r.log.close();
    const text = readFileSync(join(dir, 'x.log'), 'utf8').replace('{"n":1}', '{"n":9}');
    writeFileSync(join(dir, 'x.log'), text);
    await expect(AppendLog.open(join(dir, 'x.log'))).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
  });

  it('checkpoints write partitions as lowdb documents, so reopening replays no journal entry', async () => {
    const dir = tempDir();
    const s = await JournalStore.open(dir, { checkpointEvery: 10 });
    for (let i = 0; i < 25; i++)
      await s.commit([{ partition: 'jobs/2026-11-28', id: `j${i}`, value: { i } }]);
    const doc = JSON.parse(readFileSync(join(dir, 'docs', 'jobs', '2026-11-28.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(doc)).toHaveLength(20);
    await s.close();
    const s2 = await JournalStore.open(dir);
    expect(s2.replayed).toBe(0);
    expect(await s2.list('jobs/2026-11-28')).toHaveLength(25);
    expect(await s2.partitions('jobs/')).toEqual(['jobs/2026-11-28']);
    await s2.close();
  });
});

describe('journal store: several records of one partition in one commit', () => {
  it('keeps every record when the partition was not loaded before the commit', async () => {
    const dir = tempDir();
    const s = await JournalStore.open(dir);
    await s.commit([
      { partition: 'jobs/2026-11-01', id: 'a', value: { n: 1 } },
      { partition: 'jobs/2026-11-01', id: 'b', value: { n: 2 } },
      { partition: 'jobs/2026-11-01', id: 'c', value: { n: 3 } },
    ]);
    expect(await s.list('jobs/2026-11-01')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await s.close();
    const again = await JournalStore.open(dir);
    expect(await again.list('jobs/2026-11-01')).toHaveLength(3);
    await again.close();
  });
});
