import { CardgateError } from '../core/errors.js';

/**
 * Blank cards are secure stock. Every change is an event with the totals before and after, and
 * at all times loaded = inFeeder + good + spoiled (voided cards are good cards declared invalid
 * later, counted apart).
 */
export interface StockTotals {
  loaded: number;
  inFeeder: number;
  good: number;
  spoiled: number;
  voided: number;
}

export type StockEventType = 'load' | 'good' | 'spoiled' | 'voided';

export interface StockEvent {
  id: string;
  at: string;
  type: StockEventType;
  count: number;
  reason: string | null;
  jobId: string | null;
  documentNumber: string | null;
  actor: string;
  before: StockTotals;
  after: StockTotals;
  /** The print line whose feeder changed, and that line's totals after the change. */
  line?: string;
  lineAfter?: StockTotals;
}

export const emptyStock = (): StockTotals => ({ loaded: 0, inFeeder: 0, good: 0, spoiled: 0, voided: 0 });

/** Refuses a change that would leave the feeder below zero: a blank the books do not hold. */
export function applyStock(s: StockTotals, type: StockEventType, count: number): StockTotals {
  if ((type === 'good' || type === 'spoiled') && s.inFeeder < count) {
    throw new CardgateError(
      'STOCK_EMPTY',
      'no blank cards are recorded in the feeder: record the blanks you loaded (technician: stock, load)',
      { status: 409 },
    );
  }
  switch (type) {
    case 'load':
      return { ...s, loaded: s.loaded + count, inFeeder: s.inFeeder + count };
    case 'good':
      return { ...s, inFeeder: s.inFeeder - count, good: s.good + count };
    case 'spoiled':
      return { ...s, inFeeder: s.inFeeder - count, spoiled: s.spoiled + count };
    case 'voided':
      return { ...s, voided: s.voided + count };
  }
}

export const identityHolds = (s: StockTotals): boolean => s.loaded === s.inFeeder + s.good + s.spoiled;

export interface Reconciliation {
  date: string;
  opening: StockTotals;
  closing: StockTotals;
  loaded: number;
  good: number;
  spoiled: number;
  spoiledByReason: Record<string, number>;
  voided: number;
  events: number;
  /** Opening + the day's events gives the closing totals, and the identity holds at both ends. */
  balanced: boolean;
  /** The day's movements per print line, with each line's closing totals (its identity holds too). */
  byLine?: Record<string, LineDay>;
  /**
   * Today only: the printer's own card counter against the books since the station started
   * (issued cards and test cards leave the printer printed); null when the printer cannot be asked.
   */
  printer?: PrinterCheck | null;
}

export interface LineDay {
  loaded: number;
  good: number;
  spoiled: number;
  voided: number;
  closing: StockTotals | null;
}

export interface PrinterCheck {
  /** Cards the printer counted as printed since the baseline. */
  cards: number;
  /** Cards the books say were printed since the baseline (issued + test cards). */
  expectedCards: number;
  agrees: boolean;
  since: string;
}

export function reconcile(
  date: string,
  events: readonly StockEvent[],
  openingIfEmpty: StockTotals,
): Reconciliation {
  const opening = events[0]?.before ?? openingIfEmpty;
  let run = opening;
  const sum = { load: 0, good: 0, spoiled: 0, voided: 0 };
  const byReason: Record<string, number> = {};
  let chained = true;
  const byLine: Record<string, LineDay> = {};
  for (const e of events) {
    if (e.line) {
      const l = (byLine[e.line] ??= { loaded: 0, good: 0, spoiled: 0, voided: 0, closing: null });
      l[e.type === 'load' ? 'loaded' : e.type] += e.count;
      if (e.lineAfter) l.closing = e.lineAfter;
    }
    if (JSON.stringify(e.before) !== JSON.stringify(run)) chained = false;
    run = applyStock(run, e.type, e.count);
    if (JSON.stringify(e.after) !== JSON.stringify(run)) chained = false;
    sum[e.type] += e.count;
    if (e.type === 'spoiled')
      byReason[e.reason ?? 'unknown'] = (byReason[e.reason ?? 'unknown'] ?? 0) + e.count;
  }
  const closing = events[events.length - 1]?.after ?? openingIfEmpty;
  return {
    date,
    opening,
    closing,
    loaded: sum.load,
    good: sum.good,
    spoiled: sum.spoiled,
    spoiledByReason: byReason,
    voided: sum.voided,
    events: events.length,
    balanced:
      chained &&
      identityHolds(opening) &&
      identityHolds(closing) &&
      Object.values(byLine).every((l) => !l.closing || identityHolds(l.closing)),
    ...(Object.keys(byLine).length ? { byLine } : {}),
  };
}
