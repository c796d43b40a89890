import { emptyStock, identityHolds, type StockTotals } from './stock.js';
import type { StationState } from './ledger.js';

/** Why a line stopped taking jobs until a technician brings it back. */
export interface LineFault {
  code: string;
  message: string;
  at: string;
  /** The job whose card the fault caught (its blank is already counted spoiled on this line). */
  jobId: string | null;
  /** A spoiled card may still lie in the printer: rejected (not counted again) when the line is back. */
  cardInside: boolean;
}

/** One print line's books: its feeder, its counts, and whether it may take jobs. */
export interface LineBook {
  stock: StockTotals;
  issued: number;
  spoiled: number;
  testCards: number;
  fault: LineFault | null;
  outOfService: { by: string; reason: string; at: string } | null;
}

export const emptyLineBook = (): LineBook => ({
  stock: emptyStock(),
  issued: 0,
  spoiled: 0,
  testCards: 0,
  fault: null,
  outOfService: null,
});

/**
 * The books hold a record for every configured line. Books written before lines existed hold
 * only the station's totals: the first line takes them over, so one printer stays one line with
 * the same stock and a single-printer station's reconciliation does not move. A line removed
 * from the configuration keeps its record (its blanks are still counted in the station's stock).
 */
export function ensureLines(s: StationState, ids: readonly string[]): StationState | null {
  const have = s.lines ?? {};
  const missing = ids.filter((id) => !have[id]);
  if (missing.length === 0) return null;
  const lines = { ...have };
  const first = s.lines === undefined;
  for (const id of missing) {
    lines[id] =
      first && id === ids[0]
        ? { ...emptyLineBook(), stock: { ...s.stock }, testCards: s.testCards ?? 0 }
        : emptyLineBook();
  }
  return { ...s, lines };
}

export function lineBook(s: StationState, id: string): LineBook {
  return s.lines?.[id] ?? emptyLineBook();
}

export function withLine(s: StationState, id: string, patch: Partial<LineBook>): StationState {
  return { ...s, lines: { ...s.lines, [id]: { ...lineBook(s, id), ...patch } } };
}

/** The lines' feeders add up to the station's and each line's identity holds. */
export function linesBalance(s: StationState): boolean {
  const lines = Object.values(s.lines ?? {});
  if (lines.length === 0) return true;
  const sum = lines.reduce(
    (a, l) => ({
      loaded: a.loaded + l.stock.loaded,
      inFeeder: a.inFeeder + l.stock.inFeeder,
      good: a.good + l.stock.good,
      spoiled: a.spoiled + l.stock.spoiled,
      voided: a.voided + l.stock.voided,
    }),
    emptyStock(),
  );
  return (
    lines.every((l) => identityHolds(l.stock)) &&
    sum.inFeeder === s.stock.inFeeder &&
    sum.good === s.stock.good &&
    sum.spoiled === s.stock.spoiled &&
    sum.loaded === s.stock.loaded
  );
}
