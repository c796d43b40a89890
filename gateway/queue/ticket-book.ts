import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import type { Logger } from 'pino';
import { CardgateError } from '../core/errors.js';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';
import { QueueFile, type Ticket, type TicketPriority } from './ticket.js';

/** Cards done that the rate is measured over (the latest ones, at most two hours old). */
const RATE_WINDOW = 20;
const RATE_MAX_AGE_MS = 2 * 3600_000;

export interface QueueDisplay {
  day: string;
  /** The latest tickets called, newest first, with their desk (never whether one had priority). */
  serving: { number: number; desk: string | null }[];
  waiting: number;
  /** Minutes for someone taking a ticket now, from the measured issuance rate; null before any card. */
  estimatedWaitMinutes: number | null;
  /** Cards per hour the station made lately; null before two cards. */
  cardsPerHour: number | null;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The day's waiting-room tickets in one small JSON file, replaced durably on every change (write,
 * fsync, rename), so a ticket given out survives a crash or restart. Tickets hold no personal
 * data. Changes are serialised through one promise chain, so two desks calling "next" at once
 * never get the same ticket.
 */
export class TicketBook {
  #state: QueueFile;
  #chain: Promise<unknown> = Promise.resolve();
  readonly #path: string;

  private constructor(
    path: string,
    state: QueueFile,
    private readonly now: () => number,
  ) {
    this.#path = path;
    this.#state = state;
  }

  static async open(dataDir: string, now: () => number, log: Logger): Promise<TicketBook> {
    const path = join(dataDir, 'queue', 'tickets.json');
    const fresh: QueueFile = { version: 1, day: isoDay(now()), nextNumber: 1, tickets: [], issuedAt: [] };
    const buf = await readFileIfExists(path);
    if (!buf) return new TicketBook(path, fresh, now);
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(buf.toString('utf8'));
    } catch {
      parsed = null;
    }
    if (!Value.Check(QueueFile, parsed)) {
      // Keep the damaged copy for a technician; the waiting room goes on with an empty queue.
      const kept = `${path}.damaged-${Date.now()}`;
      await rename(path, kept);
      const err = new CardgateError('QUEUE_STORE_CORRUPT', `queue file unreadable, kept as ${kept}`);
      log.error({ code: err.code, kept }, err.message);
      return new TicketBook(path, fresh, now);
    }
    return new TicketBook(path, parsed, now);
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn, fn);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** A new day starts the numbers again (the rate history is kept). */
  #rollDay(): void {
    const today = isoDay(this.now());
    if (this.#state.day !== today) this.#state = { ...this.#state, day: today, nextNumber: 1, tickets: [] };
  }

  async #save(): Promise<void> {
    await writeFileDurable(this.#path, JSON.stringify(this.#state));
  }

  take(opts: { priority?: TicketPriority; lang?: string | null } = {}): Promise<Ticket> {
    return this.#serial(async () => {
      this.#rollDay();
      const t: Ticket = {
        number: this.#state.nextNumber,
        day: this.#state.day,
        takenAt: new Date(this.now()).toISOString(),
        priority: opts.priority ?? 'normal',
        status: 'waiting',
        calledAt: null,
        desk: null,
        lang: opts.lang ?? null,
      };
      this.#state.tickets.push(t);
      this.#state.nextNumber++;
      await this.#save();
      return t;
    });
  }

  /** The next ticket for this desk: priority tickets first, each kind in the order taken. */
  callNext(desk: string): Promise<Ticket> {
    return this.#serial(async () => {
      this.#rollDay();
      const waiting = this.#state.tickets.filter((t) => t.status === 'waiting');
      const next = waiting.find((t) => t.priority === 'priority') ?? waiting[0];
      if (!next) throw new CardgateError('QUEUE_EMPTY', 'nobody is waiting', { status: 409 });
      // The desk's previous ticket is served once it calls the next one.
      for (const t of this.#state.tickets) if (t.desk === desk && t.status === 'called') t.status = 'done';
      next.status = 'called';
      next.calledAt = new Date(this.now()).toISOString();
      next.desk = desk;
      await this.#save();
      return { ...next };
    });
  }

  /** Issue 20: an operator raises a waiting ticket's priority. */
  setPriority(number: number, priority: TicketPriority): Promise<Ticket> {
    return this.#serial(async () => {
      this.#rollDay();
      const t = this.#state.tickets.find((x) => x.number === number && x.status === 'waiting');
      if (!t) throw new CardgateError('QUEUE_EMPTY', `ticket ${number} is not waiting`, { status: 409 });
      t.priority = priority;
      await this.#save();
      return { ...t };
    });
  }

  /** A card was done: its time feeds the measured rate. */
  recordIssued(at: number): Promise<void> {
    return this.#serial(async () => {
      this.#state.issuedAt = [...this.#state.issuedAt, at].slice(-RATE_WINDOW);
      await this.#save();
    });
  }

  /** Cards per hour over the latest cards (at most two hours old); null with fewer than two. */
  cardsPerHour(): number | null {
    const now = this.now();
    const recent = this.#state.issuedAt.filter((t) => now - t <= RATE_MAX_AGE_MS);
    if (recent.length < 2) return null;
    const span = recent[recent.length - 1]! - recent[0]!;
    if (span <= 0) return null;
    return ((recent.length - 1) * 3600_000) / span;
  }

  display(): QueueDisplay {
    this.#rollDay();
    const tickets = this.#state.tickets;
    const waiting = tickets.filter((t) => t.status === 'waiting').length;
    const rate = this.cardsPerHour();
    const serving = tickets
      .filter((t) => t.status === 'called')
      .sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''))
      .slice(0, 4)
      .map((t) => ({ number: t.number, desk: t.desk }));
    return {
      day: this.#state.day,
      serving,
      waiting,
      // Someone taking a ticket now waits for everyone ahead plus their own card.
      estimatedWaitMinutes: rate === null ? null : Math.ceil(((waiting + 1) * 60) / rate),
      cardsPerHour: rate === null ? null : Math.round(rate * 10) / 10,
    };
  }
}
