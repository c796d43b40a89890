import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bump,
  checkLowNumbers,
  countersOf,
  initialState,
  isLocked,
  lockReason,
  rollToday,
  withLock,
  type BumpKind,
  type StationState,
} from '../../gateway/issuance/ledger.js';
import { identityHolds } from '../../gateway/issuance/stock.js';
import { addBlock } from '../../gateway/issuance/numbers.js';

const T0 = Date.parse('2026-11-28T10:00:00Z');

describe('ledger: the station books as pure steps', () => {
  it('bump moves stock and counters together and journals the entry with the totals before and after', () => {
    let s = initialState(T0);
    const load = bump(s, 'load', { nowMs: T0, actor: 'tech', count: 3 });
    s = load.s;
    expect(load.change).toMatchObject({
      partition: 'stock/2026-11-28',
      value: { type: 'load', count: 3, before: { inFeeder: 0 }, after: { inFeeder: 3, loaded: 3 } },
    });
    s = bump(s, 'issued', { nowMs: T0, actor: 'system', jobKind: 'reissue', jobId: 'j1' }).s;
    s = bump(s, 'spoiled', { nowMs: T0, actor: 'system', reason: 'encode:CARD_ERROR' }).s;
    s = bump(s, 'voided', { nowMs: T0, actor: 'op', reason: 'lost' }).s;
    expect(s.stock).toEqual({ loaded: 3, inFeeder: 1, good: 1, spoiled: 1, voided: 1 });
    expect(countersOf(s, T0)).toEqual({
      totals: { issued: 1, spoiled: 1, voided: 1, byKind: { reissue: 1 } },
      today: { date: '2026-11-28', issued: 1, spoiled: 1, voided: 1 },
      stock: { loaded: 3, inFeeder: 1, good: 1, spoiled: 1 },
      numbers: { remaining: 0 },
    });
    expect(s.stockSeq).toBe(4);
  });

  it('refuses a blank the books do not hold (STOCK_EMPTY), so stock never goes below zero', () => {
    const s = initialState(T0);
    expect(() => bump(s, 'issued', { nowMs: T0, actor: 'system' })).toThrow(
      expect.objectContaining({ code: 'STOCK_EMPTY', status: 409 }),
    );
    expect(() => bump(s, 'spoiled', { nowMs: T0, actor: 'system' })).toThrow(
      expect.objectContaining({ code: 'STOCK_EMPTY' }),
    );
  });

  it('under any sequence of entries, no total is negative and loaded = in feeder + good + spoiled', () => {
    const kind = fc.constantFrom<BumpKind>('load', 'issued', 'spoiled', 'voided');
    fc.assert(
      fc.property(fc.array(fc.tuple(kind, fc.integer({ min: 1, max: 5 })), { maxLength: 60 }), (steps) => {
        let s: StationState = initialState(T0);
        for (const [k, n] of steps) {
          try {
            s = bump(s, k, { nowMs: T0, actor: 'x', count: n }).s;
          } catch (e) {
            expect((e as { code: string }).code).toBe('STOCK_EMPTY');
          }
          for (const v of Object.values(s.stock)) expect(v).toBeGreaterThanOrEqual(0);
          expect(identityHolds(s.stock)).toBe(true);
        }
      }),
    );
  });

  it("today's counters start again on a new day; the totals do not", () => {
    let s = bump(initialState(T0), 'load', { nowMs: T0, actor: 'tech', count: 2 }).s;
    s = bump(s, 'issued', { nowMs: T0, actor: 'system' }).s;
    const next = T0 + 86_400_000;
    expect(countersOf(s, next).today).toEqual({ date: '2026-11-29', issued: 0, spoiled: 0, voided: 0 });
    s = bump(s, 'issued', { nowMs: next, actor: 'system' }).s;
    expect(s.counters.today).toMatchObject({ date: '2026-11-29', issued: 1 });
    expect(s.counters.issued).toBe(2);
    expect(rollToday(s, next)).toBe(s);
  });

  it('warns once when numbers run low and re-arms when a block brings them back', () => {
    const block = { prefix: 'RT', first: 1, last: 3, width: 7 };
    let s = initialState(T0);
    s = { ...s, numbers: { ...s.numbers, blocks: addBlock([], block, 'config', 'x').blocks } };
    expect(checkLowNumbers(s, 5).warn).toBe(true);
    const low = checkLowNumbers(s, 5).s;
    expect(checkLowNumbers(low, 5).warn).toBe(false);
    expect(checkLowNumbers(low, 2).s.numbers.lowWarned).toBe(false);
  });

  it('locks from several sources hold until each is lifted', () => {
    let s = withLock(initialState(T0), 'door', 'door open');
    s = withLock(s, 'admin', 'maintenance');
    expect(lockReason(s)).toBe('door: door open; admin: maintenance');
    s = withLock(s, 'door', null);
    expect(isLocked(s)).toBe(true);
    s = withLock(s, 'admin', null);
    expect(isLocked(s)).toBe(false);
    expect(lockReason(s)).toBeNull();
  });
});
