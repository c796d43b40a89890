import type { StationCounters } from '../core/events.js';
import type { Change } from '../storage/journal-store.js';
import type { JobKind } from './job.js';
import { remaining, type NumberBlockState } from './numbers.js';
import { applyStock, emptyStock, type StockEvent, type StockEventType, type StockTotals } from './stock.js';
import type { LineBook } from './line-books.js';

/** `keys`: the key store cannot sign (token missing, PIN rejected, production profile on the file store). */
export type LockSource = 'datacenter' | 'admin' | 'door' | 'keys';

/**
 * The station's books, stored as one document: document-number blocks, blank-card stock, the
 * issued/spoiled/voided counters and the locks. Every function here is pure: it takes a state and
 * returns the next one (plus the stock entry to journal with it), so the caller commits both in
 * one journal entry and a crash never separates a count from its cause.
 */
export interface StationState {
  numbers: { blocks: NumberBlockState[]; lowWarned: boolean };
  stock: StockTotals;
  counters: {
    issued: number;
    spoiled: number;
    voided: number;
    byKind: Record<string, number>;
    today: { date: string; issued: number; spoiled: number; voided: number };
  };
  locks: Partial<Record<LockSource, string>>;
  /** Jobs not at rest or waiting for a person (queued, encoding, printing, needs-operator, draft). */
  active: string[];
  nextQueueSeq: number;
  stockSeq: number;
  /** Days whose jobs were all purged of personal data already. */
  retentionCursor: string | null;
  /**
   * The printer's own card counters and the ledger's totals when they were last taken together
   * (at start): reconciliation compares what each counted since.
   */
  printerBaseline?: PrinterBaseline | null;
  /** Blanks the printer took for test cards (spoiled stock that the printer counts as printed). */
  testCards?: number;
  /**
   * Each print line's books (its own feeder, counts, fault and service state); the station's
   * `stock` is their sum. Absent in books written before lines existed (see line-books.ts).
   */
  lines?: Record<string, LineBook>;
}

export interface PrinterBaseline {
  at: string;
  counters: Record<string, number>;
  stock: StockTotals;
  testCards: number;
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function initialState(nowMs: number): StationState {
  return {
    numbers: { blocks: [], lowWarned: false },
    stock: emptyStock(),
    counters: {
      issued: 0,
      spoiled: 0,
      voided: 0,
      byKind: {},
      today: { date: isoDay(nowMs), issued: 0, spoiled: 0, voided: 0 },
    },
    locks: {},
    active: [],
    nextQueueSeq: 1,
    stockSeq: 0,
    retentionCursor: null,
    printerBaseline: null,
  };
}

/** Today's counters start at zero on a new day. */
export function rollToday(s: StationState, nowMs: number): StationState {
  const today = isoDay(nowMs);
  if (s.counters.today.date === today) return s;
  return { ...s, counters: { ...s.counters, today: { date: today, issued: 0, spoiled: 0, voided: 0 } } };
}

/** What happened to blanks: loaded into the feeder, issued, spoiled (any reason) or voided later. */
export type BumpKind = 'load' | 'issued' | 'spoiled' | 'voided';

const STOCK_OF: Record<BumpKind, StockEventType> = {
  load: 'load',
  issued: 'good',
  spoiled: 'spoiled',
  voided: 'voided',
};

export interface BumpInput {
  nowMs: number;
  actor: string;
  count?: number;
  reason?: string | null;
  jobId?: string | null;
  documentNumber?: string | null;
  /** For 'issued': the kind of card, counted by kind. */
  jobKind?: JobKind;
  /** The print line whose blank this is (its own feeder is counted too). */
  line?: string | null;
}

/**
 * The one way a count changes: the stock entry (with the totals before and after) and the
 * counters move together. Refuses (STOCK_EMPTY) a blank the books do not hold.
 */
export function bump(
  s0: StationState,
  kind: BumpKind,
  input: BumpInput,
): { s: StationState; change: Change } {
  const s = rollToday(s0, input.nowMs);
  const count = input.count ?? 1;
  const before = s.stock;
  const after = applyStock(before, STOCK_OF[kind], count);
  const seq = s.stockSeq + 1;
  const at = new Date(input.nowMs).toISOString();
  const event: StockEvent = {
    id: `s${String(seq).padStart(9, '0')}`,
    at,
    type: STOCK_OF[kind],
    count,
    reason: input.reason ?? null,
    jobId: input.jobId ?? null,
    documentNumber: input.documentNumber ?? null,
    actor: input.actor,
    before,
    after,
  };
  const c = s.counters;
  const counters =
    kind === 'load'
      ? c
      : {
          ...c,
          [kind]: c[kind] + count,
          byKind:
            kind === 'issued' && input.jobKind
              ? { ...c.byKind, [input.jobKind]: (c.byKind[input.jobKind] ?? 0) + count }
              : c.byKind,
          today: { ...c.today, [kind]: c.today[kind] + count },
        };
  const testCard = kind === 'spoiled' && input.reason === 'test-card' ? count : 0;
  const testCards = (s.testCards ?? 0) + testCard;
  let lines = s.lines;
  const lb = input.line ? s.lines?.[input.line] : undefined;
  if (input.line && lb) {
    // The line's own feeder must hold the blank too: the sum of the lines is the station's stock.
    const lineAfter = applyStock(lb.stock, STOCK_OF[kind], count);
    const n = kind === 'issued' || kind === 'spoiled' ? count : 0;
    lines = {
      ...s.lines,
      [input.line]: {
        ...lb,
        stock: lineAfter,
        issued: lb.issued + (kind === 'issued' ? n : 0),
        spoiled: lb.spoiled + (kind === 'spoiled' ? n : 0),
        testCards: lb.testCards + testCard,
      },
    };
    event.line = input.line;
    event.lineAfter = lineAfter;
  }
  return {
    s: { ...s, stock: after, stockSeq: seq, counters, testCards, ...(lines ? { lines } : {}) },
    change: { partition: `stock/${isoDay(input.nowMs)}`, id: event.id, value: event },
  };
}

export function countersOf(s: StationState, nowMs: number): StationCounters {
  const day = isoDay(nowMs);
  const today =
    s.counters.today.date === day ? s.counters.today : { date: day, issued: 0, spoiled: 0, voided: 0 };
  return {
    totals: {
      issued: s.counters.issued,
      spoiled: s.counters.spoiled,
      voided: s.counters.voided,
      byKind: { ...s.counters.byKind },
    },
    today: { ...today },
    stock: {
      loaded: s.stock.loaded,
      inFeeder: s.stock.inFeeder,
      good: s.stock.good,
      spoiled: s.stock.spoiled,
    },
    numbers: { remaining: remaining(s.numbers.blocks) },
    ...(s.lines
      ? {
          lines: Object.entries(s.lines).map(([line, l]) => ({
            line,
            issued: l.issued,
            spoiled: l.spoiled,
            inFeeder: l.stock.inFeeder,
          })),
        }
      : {}),
  };
}

/** The warning flag follows the numbers left; `warn` says the threshold was just crossed. */
export function checkLowNumbers(s: StationState, threshold: number): { s: StationState; warn: boolean } {
  const left = remaining(s.numbers.blocks);
  if (left < threshold && !s.numbers.lowWarned)
    return { s: { ...s, numbers: { ...s.numbers, lowWarned: true } }, warn: true };
  if (left >= threshold && s.numbers.lowWarned)
    return { s: { ...s, numbers: { ...s.numbers, lowWarned: false } }, warn: false };
  return { s, warn: false };
}

export const isLocked = (s: StationState): boolean => Object.keys(s.locks).length > 0;

export const lockReason = (s: StationState): string | null =>
  isLocked(s)
    ? Object.entries(s.locks)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')
    : null;

export function withLock(s: StationState, by: LockSource, reason: string | null): StationState {
  const locks = { ...s.locks };
  if (reason === null) delete locks[by];
  else locks[by] = reason;
  return { ...s, locks };
}
