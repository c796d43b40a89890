import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import Type from 'typebox';
import type { Logger } from 'pino';
import type { EmulatorFault } from '../../drivers/printer/emulator/faults.js';
import type { Clock } from '../core/clock.js';
import { CardgateError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';
import { DRILL_FAULTS, Drill, type DrillRequest } from './drill-faults.js';

/** What a drill acts on: the emulated devices of the station (absent for real ones). */
export interface DrillDevices {
  printer?: { inject(fault: EmulatorFault): void };
  encoder?: {
    removeCardAfterUpdates(n: number): void;
    /** The next blank in the reader (the emulated encoder does not see the printer feed one). */
    insertCard(): void;
  };
}

/** A drill as kept: `at` is the ordinal (cards started since training began) of its card. */
const StoredDrill = Type.Object(
  { ...Drill.properties, at: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
type Stored = Drill & { at: number };
const DrillFile = Type.Object(
  { version: Type.Literal(1), cardsStarted: Type.Integer({ minimum: 0 }), drills: Type.Array(StoredDrill) },
  { additionalProperties: false },
);

/**
 * The trainer's drills. A card counts as started when its job first reaches `encoding` (the bus
 * event is emitted before the blank is fed, so a drill armed then acts on that card): the drill
 * for "the 3rd card" arms its fault on the third card started after it was scheduled. Printer
 * faults are armed at a panel of that card's print (the emulator fires them when the panel starts
 * downloading), the encoder's when the card's first file is written. What the card then met (its
 * error code) and whether the trainee finished it are followed from the same job's events.
 * Kept in `<training dataDir>/drills.json` (write, fsync, rename): a restart forgets nothing.
 */
export class DrillBook {
  #cardsStarted = 0;
  #drills: Stored[] = [];
  readonly #seen = new Set<string>();
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly devices: DrillDevices,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly traineeOf: (jobId: string) => Promise<string | null>,
  ) {}

  static async open(opts: {
    dataDir: string;
    bus: EventBus;
    devices: DrillDevices;
    clock: Clock;
    log: Logger;
    traineeOf: (jobId: string) => Promise<string | null>;
  }): Promise<{ book: DrillBook; stop: () => void }> {
    const book = new DrillBook(
      join(opts.dataDir, 'drills.json'),
      opts.devices,
      opts.clock,
      opts.log,
      opts.traineeOf,
    );
    const buf = await readFileIfExists(book.path);
    if (buf) {
      const parsed: unknown = JSON.parse(buf.toString('utf8'));
      if (Value.Check(DrillFile, parsed)) {
        book.#cardsStarted = parsed.cardsStarted;
        book.#drills = parsed.drills as Stored[];
      } else
        opts.log.error({ code: 'DRILL_FILE_INVALID' }, 'drills file unreadable; starting without drills');
    }
    const offJob = opts.bus.on('issuance:job', (e) => book.#onJob(e));
    // A second blank fed for the card: the first was spoiled (a card pulled from the encoder
    // is rejected and the station retries on its own; the trainee sees the notice).
    const offProgress = opts.bus.on('issuance:progress', (p) => {
      const attempt = p.detail.attempt ?? 1;
      if (p.step === 'feeding' && attempt > 1) book.#onRetry(p.jobId);
    });
    return {
      book,
      stop: () => {
        offJob();
        offProgress();
      },
    };
  }

  list(): Drill[] {
    return this.#drills.map(({ at: _at, ...d }) => ({ ...d }));
  }

  schedule(req: DrillRequest, by: string): Promise<Drill> {
    const kind = DRILL_FAULTS[req.fault];
    if (!kind)
      throw new CardgateError('DRILL_UNKNOWN_FAULT', `unknown drill fault ${JSON.stringify(req.fault)}`);
    if (kind.device === 'printer' ? !this.devices.printer : !this.devices.encoder)
      throw new CardgateError(
        'DRILL_NO_EMULATOR',
        `the ${kind.device} is a real device: drills need the emulated ${kind.device}`,
      );
    return this.#serial(async () => {
      const d: Stored = {
        id: randomUUID(),
        fault: req.fault,
        card: req.card,
        scheduledAt: new Date(this.clock.now()).toISOString(),
        scheduledBy: by,
        state: 'scheduled',
        jobId: null,
        documentNumber: null,
        trainee: null,
        met: null,
        cleared: false,
        at: this.#cardsStarted + req.card,
      };
      this.#drills.push(d);
      await this.#save();
      return this.list().find((x) => x.id === d.id)!;
    });
  }

  cancel(id: string): Promise<Drill> {
    return this.#serial(async () => {
      const d = this.#drills.find((x) => x.id === id && x.state === 'scheduled');
      if (!d) throw new CardgateError('DRILL_NOT_FOUND', `no scheduled drill ${id}`);
      d.state = 'cancelled';
      await this.#save();
      return this.list().find((x) => x.id === id)!;
    });
  }

  #onJob(e: {
    jobId: string;
    status: string;
    documentNumber: string | null;
    error: { code: string } | null;
  }): void {
    if (e.status === 'encoding' && !this.#seen.has(e.jobId)) {
      this.#seen.add(e.jobId);
      this.#cardsStarted++;
      // Armed synchronously: the blank is fed and written only after this event.
      for (const d of this.#drills)
        if (d.state === 'scheduled' && d.at === this.#cardsStarted) this.#arm(d, e.jobId, e.documentNumber);
      void this.#serial(() => this.#save());
      return;
    }
    const mine = this.#drills.filter((d) => d.jobId === e.jobId && d.state === 'armed');
    if (!mine.length) return;
    let changed = false;
    for (const d of mine) {
      if ((e.status === 'needs-operator' || e.status === 'failed') && e.error && d.met === null) {
        d.met = e.error.code;
        changed = true;
      }
      if (e.status === 'done' && d.met !== null && !d.cleared) {
        d.cleared = true;
        changed = true;
      }
    }
    if (changed) void this.#serial(() => this.#save());
  }

  #onRetry(jobId: string): void {
    const d = this.#drills.find(
      (x) =>
        x.jobId === jobId &&
        x.state === 'armed' &&
        x.met === null &&
        DRILL_FAULTS[x.fault].device === 'encoder',
    );
    if (!d) return;
    this.devices.encoder?.insertCard();
    d.met = 'CARD_REMOVED';
    void this.#serial(() => this.#save());
  }

  #arm(d: Stored, jobId: string, documentNumber: string | null): void {
    const kind = DRILL_FAULTS[d.fault];
    if (kind.device === 'printer') this.devices.printer?.inject(kind.fault!);
    else this.devices.encoder?.removeCardAfterUpdates(1);
    d.state = 'armed';
    d.jobId = jobId;
    d.documentNumber = documentNumber;
    this.log.info({ drill: d.id, fault: d.fault, card: d.card, jobId }, 'drill fault armed');
    void this.traineeOf(jobId).then(
      (t) => {
        d.trainee = t;
        return this.#serial(() => this.#save());
      },
      () => undefined,
    );
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn, fn);
    this.#chain = next.catch((err: Error) => this.log.error({ err: err.message }, 'drills not saved'));
    return next;
  }

  async #save(): Promise<void> {
    const file = { version: 1, cardsStarted: this.#cardsStarted, drills: this.#drills };
    await writeFileDurable(this.path, JSON.stringify(file));
  }
}
