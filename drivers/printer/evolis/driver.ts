import { EventEmitter } from 'node:events';
import type { ByteTransport } from '../../transport/types.js';
import type {
  CardPrinter,
  PrinterEvents,
  PrinterFault,
  PrinterIdentity,
  PrinterStatus,
  PrintJob,
  PrintProgress,
} from '../interface.js';
import type { Levels, PanelName } from './bitmap-codec.js';
import { makeFault, withCardAtRisk } from './faults.js';
import { frameBitmap, frameCommand, frameRaw } from './framing.js';
import { encodeSide, panelsForRibbon, type PanelEncodeOptions } from './panels.js';
import { isPrinterFault } from './replies.js';
import { CommandSession, type SendOptions } from './session.js';

export interface PrinterLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EvolisPrinterOptions {
  id: string;
  transport: ByteTransport;
  commandTimeoutMs: number;
  /** 0 disables idle status polling. */
  pollIntervalMs: number;
  logger?: PrinterLogger;
  /** Ribbon used when a job names none. */
  ribbon?: string;
  colourLevels?: Levels;
  /** Level count per panel, overriding the defaults (colour: colourLevels, k and o: 2). */
  panelLevels?: Partial<Record<PanelName, Levels>>;
  encodeMode?: PanelEncodeOptions['mode'];
  /** Time-out of one panel download (the printer answers after printing it). Default 4 × commandTimeoutMs. */
  panelTimeoutMs?: number;
  /** Switch the printer to ACK/NACK replies (`Pem;1`) on connect. */
  ackNack?: boolean;
  /** Reconnect back-off after the link drops. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

type CardPosition = 'none' | 'contact' | 'printing';

/** Evolis printers (Primacy, Zenius, KC200 family) over any byte transport. */
export class EvolisPrinter extends EventEmitter<PrinterEvents> implements CardPrinter {
  readonly id: string;
  readonly driver = 'evolis';
  readonly transport: string;
  readonly #opts: EvolisPrinterOptions;
  readonly #t: ByteTransport;
  readonly #session: CommandSession;
  #identity: PrinterIdentity | null = null;
  #connected = false;
  #closed = false;
  #busy = 0;
  #opChain: Promise<unknown> = Promise.resolve();
  #pollTimer: NodeJS.Timeout | null = null;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #backoff: number;
  #card: CardPosition = 'none';
  #rejectOnReconnect = false;

  constructor(opts: EvolisPrinterOptions) {
    super();
    this.id = opts.id;
    this.#opts = opts;
    this.#t = opts.transport;
    this.transport = opts.transport.description;
    this.#backoff = opts.reconnectMinMs ?? 500;
    this.#session = new CommandSession(this.#t, {
      commandTimeoutMs: opts.commandTimeoutMs,
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
    this.#t.on('close', ({ reason }) => this.#onLinkLost(reason));
    this.#t.on('error', (e) =>
      this.#opts.logger?.warn({ printer: this.id, err: e.message }, 'printer link error'),
    );
    this.#t.on('attach', () => {
      if (!this.#connected && !this.#closed) this.#scheduleReconnect(0);
    });
  }

  get connected(): boolean {
    return this.#connected;
  }

  async connect(): Promise<void> {
    this.#closed = false;
    if (this.#connected) return;
    try {
      await this.#t.open();
    } catch (e) {
      const fault = makeFault('DISCONNECTED', (e as Error).message, { cause: e });
      this.#scheduleReconnect();
      throw fault;
    }
    this.#session.attach();
    this.#connected = true;
    this.#backoff = this.#opts.reconnectMinMs ?? 500;
    this.emit('connection', { connected: true });
    this.#opts.logger?.info({ printer: this.id, transport: this.transport }, 'printer connected');
    if (this.#opts.ackNack) await this.#send(frameCommand('Pem', 1), { label: 'Pem', retry: true });
    if (this.#rejectOnReconnect) {
      this.#rejectOnReconnect = false;
      await this.#send(frameCommand('Ser'), { label: 'Ser' }).catch(() => undefined);
      this.#card = 'none';
    }
    this.#startPolling();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopPolling();
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    const was = this.#connected;
    this.#connected = false;
    this.#session.detach('closed');
    await this.#t.close();
    if (was) this.emit('connection', { connected: false, reason: 'closed' });
  }

  #onLinkLost(reason: string): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#session.detach(reason);
    this.#stopPolling();
    this.#opts.logger?.warn({ printer: this.id, reason }, 'printer link lost');
    this.emit('connection', { connected: false, reason });
    this.#emitFault(makeFault('DISCONNECTED', `${this.transport}: ${reason}`));
    if (!this.#closed) this.#scheduleReconnect();
  }

  #scheduleReconnect(delay = this.#backoff): void {
    if (this.#closed || this.#reconnectTimer) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#backoff = Math.min(this.#backoff * 2, this.#opts.reconnectMaxMs ?? 30_000);
      this.connect().catch(() => undefined);
    }, delay);
    this.#reconnectTimer.unref();
  }

  #startPolling(): void {
    this.#stopPolling();
    if (this.#opts.pollIntervalMs <= 0) return;
    const tick = async (): Promise<void> => {
      this.#pollTimer = null;
      if (!this.#connected || this.#closed) return;
      if (this.#busy === 0) {
        try {
          await this.status();
        } catch (e) {
          if (isPrinterFault(e) && e.code !== 'DISCONNECTED') this.#emitFault(e);
        }
      }
      if (this.#connected && !this.#closed) {
        this.#pollTimer = setTimeout(() => void tick(), this.#opts.pollIntervalMs);
        this.#pollTimer.unref();
      }
    };
    this.#pollTimer = setTimeout(() => void tick(), 0);
    this.#pollTimer.unref();
  }

  #stopPolling(): void {
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#pollTimer = null;
  }

  #emitFault(f: PrinterFault): void {
    this.#opts.logger?.warn({ printer: this.id, code: f.code, msg: f.message }, 'printer fault');
    if (this.listenerCount('fault') > 0) this.emit('fault', f);
  }

  #send(frame: Uint8Array | Uint8Array[], opts: SendOptions) {
    if (!this.#connected)
      return Promise.reject(makeFault('DISCONNECTED', `${opts.label}: printer not connected`));
    return this.#session.send(frame, opts);
  }

  async #read(name: string, ...params: string[]): Promise<string> {
    const label = [name, ...params].join(';');
    const r = await this.#send(frameCommand(name, ...params), { label, read: true, retry: true });
    return r.text;
  }

  /** Multi-command operations run one after another; polling waits for them. */
  async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.#busy++;
      try {
        return await fn();
      } finally {
        this.#busy--;
      }
    };
    const p = this.#opChain.then(run, run);
    this.#opChain = p.catch(() => undefined);
    return p;
  }

  async identity(): Promise<PrinterIdentity> {
    if (this.#identity) return this.#identity;
    const model = await this.#read('Rtp');
    const serial = await this.#read('Rsn');
    const firmware = await this.#read('Rfv');
    const printHead = await this.#read('Rkn').catch(() => undefined);
    this.#identity = { vendor: 'Evolis', model, serial, firmware, ...(printHead ? { printHead } : {}) };
    return this.#identity;
  }

  async status(): Promise<PrinterStatus> {
    const ribbonType = await this.#read('Rr');
    const ribbonEnd = await this.#read('Rcr');
    const counters: Record<string, number> = {};
    for (const [key, p] of [
      ['cards', 'c'],
      ['panels', 'p'],
      ['cardsSinceCleaning', 'a'],
      ['ribbonCardsLeft', 'l'],
    ] as const) {
      const n = Number.parseInt(await this.#read('Rco', p), 10);
      if (Number.isFinite(n)) counters[key] = n;
    }
    const sensors: Record<string, string> = {
      cover: await this.#read('Rse', 'o'),
      card: await this.#read('Rse', 'p'),
      feeder: await this.#read('Rse', 'f'),
    };
    const cleaning = await this.#read('Rlr', 'r');
    const volts = (s: string): number | null => {
      const m = /(-?\d+)[,.](\d+)/.exec(s);
      return m ? Number(`${m[1]}.${m[2]}`) : null;
    };
    const coverV = volts(sensors.cover!);
    const cardV = volts(sensors.card!);
    const feederV = volts(sensors.feeder!);
    const ribbonMissing = /^(NONE|NO|ERR)/i.test(ribbonType) || ribbonType.trim() === '';
    const ribbonEnded = !/^OK$/i.test(ribbonEnd);
    const s: PrinterStatus = {
      ready: false,
      fault: null,
      ribbon: {
        type: ribbonMissing ? null : ribbonType,
        remaining: counters.ribbonCardsLeft ?? null,
        ended: ribbonEnded,
      },
      feeder: { empty: feederV === null ? null : feederV < 2.5 },
      coverOpen: coverV === null ? null : coverV < 2.5,
      cardInside: cardV === null ? null : cardV >= 2.5,
      needsCleaning: /CLEAN/i.test(cleaning),
      counters,
      sensors,
    };
    s.fault = s.coverOpen
      ? 'COVER_OPEN'
      : ribbonMissing
        ? 'RIBBON_MISSING'
        : s.ribbon.ended
          ? 'RIBBON_ENDED'
          : s.feeder.empty
            ? 'FEEDER_EMPTY'
            : s.needsCleaning
              ? 'NEED_CLEANING'
              : null;
    s.ready = s.fault === null;
    this.emit('status', s);
    return s;
  }

  async #simple(name: string, ...params: string[]): Promise<void> {
    await this.#send(frameCommand(name, ...params), { label: [name, ...params].join(';') });
  }

  moveToContactStation(): Promise<void> {
    return this.#exclusive(async () => {
      await this.#simple('Pmi', 'F');
      try {
        await this.#simple('Sis');
        this.#card = 'contact';
      } catch (e) {
        throw await this.#recover(e, false);
      }
    });
  }

  print(job: PrintJob, opts: { signal?: AbortSignal } = {}): Promise<void> {
    return this.#exclusive(() => this.#print(job, opts.signal));
  }

  async #print(job: PrintJob, signal: AbortSignal | undefined): Promise<void> {
    const ribbon = job.ribbon ?? this.#opts.ribbon ?? 'ymcko';
    const sides = [
      { side: 'front' as const, image: job.image.front, panels: panelsForRibbon(ribbon, 'front') },
      ...(job.image.back
        ? [{ side: 'back' as const, image: job.image.back, panels: panelsForRibbon(ribbon, 'back') }]
        : []),
    ];
    let bytesSent = 0;
    let bytesTotal = 0;
    const progress = (p: Omit<PrintProgress, 'jobId' | 'bytesSent' | 'bytesTotal'>): void => {
      this.emit('progress', { jobId: job.jobId, bytesSent, bytesTotal, ...p });
    };
    let cardAtRisk = false;
    try {
      await this.#simple('Pr', ribbon);
      if (!job.cardInside) await this.#simple('Pmi', 'F');
      progress({ step: 'feeding' });
      signal?.throwIfAborted();
      await this.#simple('Ss');
      cardAtRisk = true;
      this.#card = 'printing';
      const opts: PanelEncodeOptions = {
        ...(this.#opts.colourLevels ? { colourLevels: this.#opts.colourLevels } : {}),
        ...(this.#opts.encodeMode ? { mode: this.#opts.encodeMode } : {}),
        ...(this.#opts.panelLevels ? { levels: this.#opts.panelLevels } : {}),
      };
      let encodedBytes = 0;
      for (const [n, s] of sides.entries()) {
        signal?.throwIfAborted();
        await this.#simple(s.side === 'front' ? 'Sr' : 'Sv');
        // One side is encoded at a time (the printer prints a side's panels while the next
        // downloads); sides not yet encoded are estimated at this side's size.
        const frames = [...encodeSide(s.image, s.panels, opts)].map((p) => ({
          p,
          f: frameBitmap(p.panel, p.levels, p.data, p.compressed),
        }));
        const sideBytes = frames.reduce((t, x) => t + x.f.length, 0);
        encodedBytes += sideBytes;
        bytesTotal = encodedBytes + sideBytes * (sides.length - n - 1);
        progress({ step: 'side', side: s.side });
        for (const { p, f } of frames) {
          signal?.throwIfAborted();
          await this.#send([f.header, f.data, f.trailer], {
            label: `${p.compressed ? 'Dbc' : 'Db'};${p.panel};${p.levels}`,
            timeoutMs: this.#opts.panelTimeoutMs ?? this.#opts.commandTimeoutMs * 4,
            onWritten: (k) => {
              bytesSent += k;
            },
          });
          progress({ step: 'panel', side: s.side, panel: p.panel });
        }
      }
      progress({ step: 'ejecting' });
      await this.#simple('Se');
      this.#card = 'none';
      progress({ step: 'done' });
    } catch (e) {
      throw await this.#recover(e, cardAtRisk || !!job.cardInside);
    }
  }

  /**
   * Apply the fault's recovery rule to the card: spoiled → into the reject box (a jammed card
   * stays for the operator); needs the operator and not spoiled → the card waits where it is;
   * link lost → rejected once the link is back.
   */
  async #recover(e: unknown, cardAtRisk: boolean): Promise<unknown> {
    if (!isPrinterFault(e)) {
      if (cardAtRisk && this.#connected) await this.#rejectQuietly();
      return e; // an abort: the card went to the reject box
    }
    const fault = withCardAtRisk(await this.#refine(e), cardAtRisk);
    if (fault.spoilsCard) {
      if (fault.code === 'DISCONNECTED' || !this.#connected) this.#rejectOnReconnect = true;
      else if (fault.code !== 'CARD_JAM') await this.#rejectQuietly();
    }
    this.#emitFault(fault);
    return fault;
  }

  /**
   * A NACK code names a family, not the cause (`T` is any time-out or mechanical fault, `R` any
   * ribbon trouble): ask the printer what it knows to name the fault precisely.
   */
  async #refine(f: PrinterFault): Promise<PrinterFault> {
    if (!this.#connected || !/NACK [TR]$/.test(f.message)) return f;
    try {
      if (f.code === 'RIBBON_ENDED') {
        const type = await this.#read('Rr');
        if (/^(NONE|NO|ERR)/i.test(type)) return makeFault('RIBBON_MISSING', `${f.message} (no ribbon)`);
        return f;
      }
      if (/CLEAN/i.test(await this.#read('Rlr', 'r')))
        return makeFault('NEED_CLEANING', `${f.message} (cleaning due)`);
      if (/ERR CARD|JAM/i.test(await this.#read('Rlr', 'p')))
        return makeFault('CARD_JAM', `${f.message} (card jammed)`);
    } catch {
      // the printer cannot tell more: keep the family fault
    }
    return f;
  }

  async #rejectQuietly(): Promise<void> {
    try {
      await this.#simple('Ser');
      this.#card = 'none';
    } catch (e) {
      this.#opts.logger?.warn(
        { printer: this.id, code: (e as PrinterFault).code },
        'could not reject the card',
      );
    }
  }

  eject(): Promise<void> {
    return this.#exclusive(async () => {
      await this.#simple('Se');
      this.#card = 'none';
    });
  }

  reject(): Promise<void> {
    return this.#exclusive(async () => {
      await this.#simple('Ser');
      this.#card = 'none';
    });
  }

  clean(): Promise<void> {
    return this.#exclusive(() =>
      this.#send(frameCommand('Scp'), { label: 'Scp', timeoutMs: this.#opts.commandTimeoutMs * 4 }).then(
        () => undefined,
      ),
    );
  }

  testCard(): Promise<void> {
    return this.#exclusive(() =>
      this.#send(frameCommand('St'), { label: 'St', timeoutMs: this.#opts.commandTimeoutMs * 4 }).then(
        () => undefined,
      ),
    );
  }

  reset(): Promise<void> {
    return this.#exclusive(async () => {
      await this.#simple('Srs');
      this.#identity = null;
    });
  }

  raw(command: string): Promise<string> {
    return this.#exclusive(async () => {
      let frame: Buffer;
      try {
        frame = frameRaw(command);
      } catch (e) {
        throw makeFault('COMMAND_REJECTED', `not a printer command: ${(e as Error).message}`);
      }
      const r = await this.#send(frame, { label: 'raw', raw: true });
      return r.text;
    });
  }

  /** Where the driver believes the card is (for tests and diagnostics). */
  get cardPosition(): CardPosition {
    return this.#card;
  }
}
