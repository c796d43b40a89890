import { EventEmitter } from 'node:events';

export type CardPlace = 'none' | 'printing' | 'contact' | 'contactless' | 'jammed';

/** A point in a print job: a panel download of one side (or of either side). */
export interface PanelPoint {
  panel: string;
  side?: 'front' | 'back';
}

/** What the emulated printer did, in order: tests observe these instead of polling its state. */
export type EmulatorEvent =
  | { type: 'card'; from: CardPlace; to: CardPlace; command: string }
  | { type: 'panel-started'; job: number; side: 'front' | 'back'; panel: string; index: number }
  | { type: 'fault-injected'; fault: string; at?: PanelPoint }
  | { type: 'job-finished'; job: number; result: string };

export interface HistoryEntry {
  /** 1, 2, 3… in the order things happened. */
  seq: number;
  /** Milliseconds since the emulator started (performance clock). */
  atMs: number;
  event: EmulatorEvent;
}

/**
 * The emulator's recorded history: every card movement, panel start, injected fault and finished
 * job, with sequence numbers and times, kept up to `limit` entries and emitted as they happen.
 */
export class EmulatorHistory extends EventEmitter<{ event: [HistoryEntry] }> {
  readonly #limit: number;
  readonly #origin = performance.now();
  #seq = 0;
  readonly entries: HistoryEntry[] = [];

  constructor(limit = 2000) {
    super();
    this.#limit = limit;
  }

  record(event: EmulatorEvent): void {
    const entry = { seq: ++this.#seq, atMs: performance.now() - this.#origin, event };
    this.entries.push(entry);
    if (this.entries.length > this.#limit) this.entries.splice(0, this.entries.length - this.#limit);
    this.emit('event', entry);
  }

  /** Events of one type, oldest first. */
  of<T extends EmulatorEvent['type']>(type: T): Extract<EmulatorEvent, { type: T }>[] {
    return this.entries
      .map((e) => e.event)
      .filter((e): e is Extract<EmulatorEvent, { type: T }> => e.type === type);
  }

  /** The card's places in order (`['none', 'printing', 'none']`), from its recorded movements. */
  cardPlaces(): CardPlace[] {
    const moves = this.of('card');
    return moves.length === 0 ? [] : [moves[0]!.from, ...moves.map((m) => m.to)];
  }

  /**
   * Resolves with the first entry after `afterSeq` (default: any recorded) that matches; waits for
   * it to happen when it has not yet. Rejects after `timeoutMs` naming what was awaited.
   */
  next(
    match: (e: EmulatorEvent) => boolean,
    opts: { afterSeq?: number; timeoutMs?: number; what?: string } = {},
  ): Promise<HistoryEntry> {
    const after = opts.afterSeq ?? 0;
    const seen = this.entries.find((e) => e.seq > after && match(e.event));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('event', on);
        reject(
          new Error(`emulator history: no ${opts.what ?? 'matching event'} within ${opts.timeoutMs} ms`),
        );
      }, opts.timeoutMs ?? 10_000);
      const on = (e: HistoryEntry): void => {
        if (e.seq <= after || !match(e.event)) return;
        clearTimeout(timer);
        this.off('event', on);
        resolve(e);
      };
      this.on('event', on);
    });
  }

  get seq(): number {
    return this.#seq;
  }
}
