import type { CardPrinter } from '../../drivers/printer/interface.js';
import { CardgateError } from '../core/errors.js';
import type { IssuanceAudit } from './audit-trail.js';
import type { JobBook } from './jobs.js';
import { bump, isoDay } from './ledger.js';
import { lineBook, linesBalance } from './line-books.js';
import {
  emptyStock,
  identityHolds,
  reconcile,
  type PrinterCheck,
  type Reconciliation,
  type StockEvent,
  type StockTotals,
} from './stock.js';

export interface StockView extends StockTotals {
  identityHolds: boolean;
  /** Each line's feeder and counts (they add up to the station's totals). */
  lines?: Record<string, StockTotals & { identityHolds: boolean }>;
}

/** Blank-card stock as the API sees it: totals, loading, and a day's reconciliation. */
export function createStockBook(d: {
  book: JobBook;
  audit: IssuanceAudit;
  now: () => number;
  /** Each line's printer, by line id (the first is the line a single printer makes). */
  printers: ReadonlyArray<{ line: string; printer: Pick<CardPrinter, 'status'> }>;
}) {
  const { book } = d;
  const lineIds = d.printers.map((p) => p.line);

  /** The line a stock action is for: named, or the only one; several lines need a name. */
  function lineFor(line: string | undefined): string {
    if (line === undefined) {
      if (lineIds.length === 1) return lineIds[0]!;
      throw new CardgateError('LINE_REQUIRED', 'this station has several print lines: say which line', {
        status: 400,
      });
    }
    if (!lineIds.includes(line))
      throw new CardgateError('LINE_NOT_FOUND', `no print line ${line}`, { status: 404 });
    return line;
  }

  const view = (): StockView => {
    const st = book.state;
    const s = st.stock;
    const lines: NonNullable<StockView['lines']> = {};
    for (const id of lineIds) {
      const l = lineBook(st, id).stock;
      lines[id] = { ...l, identityHolds: identityHolds(l) };
    }
    return { ...s, identityHolds: identityHolds(s) && linesBalance(st), lines };
  };

  async function load(count: number, actor: string, lineId?: string): Promise<StockView> {
    if (!Number.isInteger(count) || count < 1 || count > 10_000) {
      throw new CardgateError('STOCK_COUNT_INVALID', 'count must be a whole number from 1 to 10000', {
        status: 400,
      });
    }
    const line = lineFor(lineId);
    await book.commitState((s) => {
      const b = bump(s, 'load', { nowMs: d.now(), actor, count, line });
      return { s: b.s, extra: [b.change] };
    });
    await d.audit.stockLoaded(actor, count, line);
    return view();
  }

  async function reconciliation(date: string): Promise<Reconciliation> {
    const day = date === 'today' ? isoDay(d.now()) : date;
    if (!isCalendarDate(day))
      throw new CardgateError('DATE_INVALID', `${day} is not a calendar date (YYYY-MM-DD or today)`, {
        status: 400,
      });
    const events = await book.list<StockEvent>(`stock/${day}`);
    // A day without events opens and closes with the totals of the last day before it.
    let opening = emptyStock();
    if (events.length === 0) {
      const days = (await book.partitions('stock/')).filter((p) => p.slice(6) < day);
      const last = days[days.length - 1];
      if (last) opening = (await book.list<StockEvent>(last)).at(-1)?.after ?? opening;
      else if (day >= isoDay(d.now())) opening = book.state.stock;
    }
    const rec = reconcile(day, events, opening);
    if (day !== isoDay(d.now())) return rec;
    const printer = await printerCheck();
    return { ...rec, printer, balanced: rec.balanced && printer?.agrees !== false };
  }

  const printedSoFar = (): number => book.state.stock.good + (book.state.testCards ?? 0);

  /** Every line's printer counted together (null when one cannot be asked). */
  async function printerCounters(): Promise<Record<string, number> | null> {
    let cards = 0;
    for (const p of d.printers) {
      const c = await p.printer.status().then(
        (s) => s.counters,
        () => null,
      );
      if (!c || c.cards === undefined) return null;
      cards += c.cards;
    }
    return { cards };
  }

  /** At start: the printers' counters and the books' totals, to compare what each counts since. */
  async function takeBaseline(): Promise<void> {
    const counters = await printerCounters();
    if (!counters || counters.cards === undefined) return;
    await book.commitState((s) => ({
      s: {
        ...s,
        printerBaseline: { at: book.nowIso(), counters, stock: s.stock, testCards: s.testCards ?? 0 },
      },
    }));
  }

  async function printerCheck(): Promise<PrinterCheck | null> {
    const base = book.state.printerBaseline;
    if (!base || base.counters.cards === undefined) return null;
    const counters = await printerCounters();
    if (!counters || counters.cards === undefined) return null;
    const cards = counters.cards - base.counters.cards;
    const expectedCards = printedSoFar() - (base.stock.good + base.testCards);
    return { cards, expectedCards, agrees: cards === expectedCards, since: base.at };
  }

  /** The emulated feeder's blanks the books do not hold yet are recorded as loaded on its line. */
  async function mirrorEmulatedFeeder(feeder: number, lineId?: string): Promise<void> {
    const line = lineFor(lineId);
    const missing = feeder - lineBook(book.state, line).stock.inFeeder;
    if (missing > 0) {
      await book.commitState((s) => {
        const b = bump(s, 'load', {
          nowMs: d.now(),
          actor: 'emulator',
          count: missing,
          reason: 'emulated feeder',
          line,
        });
        return { s: b.s, extra: [b.change] };
      });
      await d.audit.stockLoaded('emulator', missing, line);
    }
  }

  /** Refuses (STOCK_EMPTY) before a maintenance card is fed when the line's books hold no blank. */
  function assertBlank(lineId?: string): void {
    if (lineBook(book.state, lineFor(lineId)).stock.inFeeder < 1) {
      throw new CardgateError(
        'STOCK_EMPTY',
        'no blank cards are recorded in the feeder: record the blanks you loaded (technician: stock, load)',
      );
    }
  }

  /** A blank the printer took for a test card: a spoiled blank the printer counts as printed. */
  async function recordTestCard(actor: string, lineId?: string): Promise<void> {
    const line = lineFor(lineId);
    await book.commitState((s) => {
      const b = bump(s, 'spoiled', { nowMs: d.now(), actor, reason: 'test-card', line });
      return { s: b.s, extra: [b.change] };
    });
  }

  return {
    view,
    load,
    reconciliation,
    mirrorEmulatedFeeder,
    takeBaseline,
    assertBlank,
    recordTestCard,
    lineFor,
  };
}

/** A real day of the calendar (2026-02-29 and 2026-13-45 are not). */
export function isCalendarDate(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}
