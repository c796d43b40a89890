import { EventEmitter } from 'node:events';
import type { EvolisPrinterOptions } from './driver-options.js';
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
import { makeFault } from './faults.js';
import { recoverCard } from './card-recovery.js';
import { frameCommand, frameRaw } from './framing.js';
import { streamSides } from './print-sides.js';
import { IdlePoller } from './idle-poller.js';
import { CommandSession, type SendOptions } from './session.js';
import { preflightFault, readStatus } from './status.js';
import {
  classifyConsoleCommand,
  ConsoleBusyError,
  ConsoleRefusedError,
  isLinkCommand,
} from './console-commands.js';

export type { EvolisPrinterOptions, PrinterLogger } from './driver-options.js';

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
  readonly #poller: IdlePoller;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #backoff: number;
  #card: CardPosition = 'none';
  #rejectPending = false;

  constructor(opts: EvolisPrinterOptions) {
    super();
    this.id = opts.id;
    this.#opts = opts;
    this.#t = opts.transport;
    this.transport = opts.transport.description;
    this.#backoff = opts.reconnectMinMs ?? 500;
    this.#poller = new IdlePoller(opts.pollIntervalMs, {
      active: () => this.#connected && !this.#closed,
      idle: () => this.#busy === 0,
      poll: () => this.status(),
      onFault: (f) => this.#emitFault(f),
    });
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
    if (this.#rejectPending) {
      this.#rejectPending = false;
      await this.#send(frameCommand('Ser'), { label: 'Ser' }).catch(() => undefined);
      this.#card = 'none';
    }
    this.#poller.start();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#poller.stop();
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
    this.#poller.stop();
    this.#opts.logger?.warn({ printer: this.id, reason }, 'printer link lost');
    this.emit('connection', { connected: false, reason });
    this.#emitFault(makeFault('DISCONNECTED', `${this.transport}: ${reason}`));
    if (!this.#closed) this.#scheduleReconnect();
  }

  #scheduleReconnect(delay = this.#backoff): void {
    if (this.#closed || this.#reconnectTimer) return;
    const schedule = this.#opts.scheduleReconnect ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    this.#reconnectTimer = schedule(() => {
      this.#reconnectTimer = null;
      this.#backoff = Math.min(this.#backoff * 2, this.#opts.reconnectMaxMs ?? 30_000);
      this.connect().catch(() => undefined);
    }, delay);
    this.#reconnectTimer.unref();
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
    const s = await readStatus((name, ...params) => this.#read(name, ...params));
    this.emit('status', s);
    return s;
  }

  preflight(): Promise<void> {
    return this.#exclusive(() => this.#preflight());
  }

  /** Reads only: throws the fault that would stop a card from being finished now. */
  async #preflight(): Promise<void> {
    const s = await this.status();
    const fault = preflightFault(s, {
      cardHeld: this.#card !== 'none',
      cleaningBlocks: this.#opts.cleaningBlocksPrinting ?? true,
    });
    if (fault) {
      this.#emitFault(fault);
      throw fault;
    }
  }

  async #simple(name: string, ...params: string[]): Promise<void> {
    await this.#send(frameCommand(name, ...params), { label: [name, ...params].join(';') });
  }

  moveToContactStation(): Promise<void> {
    return this.#exclusive(async () => {
      await this.#settleSpoiled();
      if (this.#card === 'none') await this.#preflight();
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
    let sent = { bytesSent: 0, bytesTotal: 0 };
    const progress = (p: Omit<PrintProgress, 'jobId' | 'bytesSent' | 'bytesTotal'>): void => {
      this.emit('progress', { jobId: job.jobId, ...sent, ...p });
    };
    let cardAtRisk = false;
    let panelsPrinted = 0;
    if (job.cardInside && this.#rejectPending) {
      await this.#settleSpoiled();
      throw makeFault(
        'COMMAND_REJECTED',
        'the card inside was spoiled and went to the reject box; feed a new blank',
      );
    }
    // Never feed a blank the printer cannot finish (before the try: nothing to recover).
    if (!job.cardInside) {
      await this.#settleSpoiled();
      await this.#preflight();
    }
    try {
      await this.#simple('Pr', ribbon);
      if (!job.cardInside) await this.#simple('Pmi', 'F');
      progress({ step: 'feeding' });
      signal?.throwIfAborted();
      await this.#simple('Ss');
      cardAtRisk = true;
      this.#card = 'printing';
      sent = await streamSides(job.image, ribbon, {
        simple: (name) => this.#simple(name),
        send: (frame, o) => this.#send(frame, o),
        progress: (p) => {
          if (p.step === 'panel') panelsPrinted++;
          this.emit('progress', { jobId: job.jobId, ...p });
        },
        panelTimeoutMs: this.#opts.panelTimeoutMs ?? this.#opts.commandTimeoutMs * 4,
        encode: {
          ...(this.#opts.colourLevels ? { colourLevels: this.#opts.colourLevels } : {}),
          ...(this.#opts.encodeMode ? { mode: this.#opts.encodeMode } : {}),
          ...(this.#opts.panelLevels ? { levels: this.#opts.panelLevels } : {}),
        },
        signal,
      });
      progress({ step: 'ejecting' });
      await this.#simple('Se');
      this.#card = 'none';
      progress({ step: 'done' });
    } catch (e) {
      throw await this.#recover(e, cardAtRisk || !!job.cardInside, panelsPrinted);
    }
  }

  /** The fault's recovery rule for the card (card-recovery.ts), with this printer's link. */
  #recover(e: unknown, cardAtRisk: boolean, panelsPrinted = 0): Promise<unknown> {
    return recoverCard(
      {
        connected: () => this.#connected,
        read: (n, ...p) => this.#read(n, ...p),
        rejectQuietly: () => this.#rejectQuietly(),
        rejectLater: () => {
          this.#rejectPending = true;
        },
        emitFault: (f) => this.#emitFault(f),
      },
      e,
      cardAtRisk,
      panelsPrinted,
    );
  }

  async #rejectQuietly(): Promise<boolean> {
    try {
      await this.#simple('Ser');
      this.#card = 'none';
      return true;
    } catch (e) {
      this.#opts.logger?.warn(
        { printer: this.id, code: (e as PrinterFault).code },
        'could not reject the card',
      );
      return false;
    }
  }

  /** A spoiled card left inside (the cover was open) goes to the reject box before anything else. */
  async #settleSpoiled(): Promise<void> {
    if (!this.#rejectPending || !this.#connected) return;
    await this.#simple('Ser');
    this.#rejectPending = false;
    this.#card = 'none';
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

  /**
   * Technician's console. Refused while the driver holds a card or runs an operation (the
   * console must not touch a job's card), and for commands that would break the link itself.
   */
  raw(command: string): Promise<string> {
    if (this.#card !== 'none' || this.#busy > 0)
      return Promise.reject(
        new ConsoleBusyError(`the printer is busy with a job (card ${this.#card}); console refused`),
      );
    let frame: Buffer;
    try {
      frame = frameRaw(command);
    } catch (e) {
      return Promise.reject(makeFault('COMMAND_REJECTED', `not a printer command: ${(e as Error).message}`));
    }
    const { name } = classifyConsoleCommand(command);
    if (isLinkCommand(name))
      return Promise.reject(
        new ConsoleRefusedError(`${name} changes the link itself; only the driver sends it`),
      );
    return this.#exclusive(async () => (await this.#send(frame, { label: 'raw', raw: true })).text);
  }

  /** Where the driver believes the card is (for tests and diagnostics). */
  get cardPosition(): CardPosition {
    return this.#card;
  }
}
