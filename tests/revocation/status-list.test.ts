import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StatusList, statusListPath } from '../../gateway/revocation/status-list.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const at = '2026-11-30T09:00:00.000Z';
const now = new Date('2026-11-30T09:00:05.000Z');

describe('the station’s local status list', () => {
  it('keeps HQ’s changes across a restart, answers per number, and holds nothing but number, status and time', async () => {
    const dir = makeTempDir('cardgate-status-list-');
    const list = await StatusList.open(dir);
    expect(list.get('RT0000010')).toBeNull();
    expect(list.updatedAt).toBeNull();
    expect(
      await list.apply(
        [
          { seq: 1, number: 'RT0000010', status: 'revoked', at },
          { seq: 2, number: 'RT0000011', status: 'lost', at },
        ],
        now,
      ),
    ).toEqual({ applied: 2, highestSeq: 2 });
    await list.close();
    const again = await StatusList.open(dir);
    expect(again.get('RT0000010')).toMatchObject({ status: 'revoked', at, seq: 1 });
    expect(again.get('RT0000011')).toMatchObject({ status: 'lost' });
    expect(again.highestSeq).toBe(2);
    expect(again.updatedAt).toBe(now.toISOString());
    const file = statusListPath(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
      const { change } = JSON.parse(line) as { change: Record<string, unknown> };
      expect(Object.keys(change).sort()).toEqual(['at', 'number', 'seq', 'status']);
    }
    await again.close();
  });

  it('applies a resent batch once, and a later change of the same document wins over an earlier one', async () => {
    const list = await StatusList.open(makeTempDir('cardgate-status-list-'));
    const batch = [
      { seq: 4, number: 'RT0000020', status: 'lost' as const, at },
      { seq: 7, number: 'RT0000020', status: 'revoked' as const, at },
    ];
    expect(await list.apply(batch, now)).toEqual({ applied: 2, highestSeq: 7 });
    expect(await list.apply(batch, now)).toEqual({ applied: 0, highestSeq: 7 });
    expect(await list.apply([{ seq: 5, number: 'RT0000020', status: 'voided', at }], now)).toEqual({
      applied: 0,
      highestSeq: 7,
    });
    expect(list.get('RT0000020')?.status).toBe('revoked');
    await list.close();
  });

  it('drops a line torn by a power cut and keeps every whole one', async () => {
    const dir = makeTempDir('cardgate-status-list-');
    const list = await StatusList.open(dir);
    await list.apply([{ seq: 1, number: 'RT0000030', status: 'revoked', at }], now);
    await list.close();
    appendFileSync(statusListPath(dir), '{"change":{"seq":2,"number":"RT00000');
    const again = await StatusList.open(dir);
    expect(again.get('RT0000030')?.status).toBe('revoked');
    expect(again.highestSeq).toBe(1);
    // the torn change is asked for again by HQ (its batch was never acknowledged) and lands whole
    expect(await again.apply([{ seq: 2, number: 'RT0000031', status: 'lost', at }], now)).toEqual({
      applied: 1,
      highestSeq: 2,
    });
    await again.close();
    expect((await StatusList.open(dir)).get('RT0000031')?.status).toBe('lost');
  });
});
