import { ChannelEncoder, type OpenChannel } from '../channel-encoder.js';
import type { CardChannel } from '../card-channel.js';
import { guarded } from '../guard.js';
import { EncoderError, type EncoderState } from '../interface.js';
import { silentLogger, type EncoderLogger } from '../logger.js';
import type { CardProfile } from '../profile.js';
import { iso7816FsProfile } from '../profiles/iso7816-fs/profile.js';
import { atrSupportsExtendedLength } from './atr.js';
import { pcscError } from './pcsc-errors.js';
import type { PcscContext, PcscFactory, PcscReader } from './types.js';

export interface PcscEncoderOptions {
  id?: string;
  /** Substring of the reader name; the first reader when absent. */
  reader?: string;
  exchangeTimeoutMs: number;
  logger?: EncoderLogger;
  /** The `pcsclite` factory, or why it could not be loaded. */
  pcsc: PcscFactory | { unavailable: string };
  profile?: CardProfile;
  /** How often to try pcscd again after it went away. */
  retryMs?: number;
}

const REMOVAL_GRACE_MS = 1000;

interface ReaderEntry {
  reader: PcscReader;
  present: boolean;
  atr: Uint8Array;
}

/**
 * The PC/SC encoder on the `pcsclite` binding. It follows readers coming and going and cards
 * being inserted and removed, connects exclusively for each card operation (pcsclite 1.0.1 has
 * no SCardBeginTransaction; an exclusive connection held for the whole operation is the stronger
 * guarantee), times out every exchange, aborts the running operation at once when the card is
 * pulled, and re-establishes its context when pcscd comes back after a restart.
 */
export class PcscEncoder extends ChannelEncoder {
  readonly id: string;
  readonly driver = 'pcsc';
  readonly emulated = false;
  protected readonly profile: CardProfile;
  protected readonly log: EncoderLogger;
  readonly #opts: PcscEncoderOptions;
  #ctx: PcscContext | undefined;
  readonly #readers = new Map<string, ReaderEntry>();
  #available = false;
  #reason: string | undefined = 'not started';
  #retry: NodeJS.Timeout | undefined;
  #running = false;
  /** Aborted when the card of the running operation goes away (removed, reader gone, pcscd gone). */
  #connection: { reader: string; abort: AbortController } | undefined;
  #lastState = '';

  constructor(opts: PcscEncoderOptions) {
    super();
    this.#opts = opts;
    this.id = opts.id ?? 'encoder-1';
    this.profile = opts.profile ?? iso7816FsProfile;
    this.log = opts.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#establish();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#abortConnection(new EncoderError('PCSC_UNAVAILABLE', 'encoder stopped'));
    this.#teardown();
    this.#available = false;
    this.#reason = 'stopped';
  }

  state(): EncoderState {
    const selected = this.#selected();
    const s: EncoderState = {
      available: this.#available,
      readers: [...this.#readers.keys()],
      cardPresent: selected?.present ?? false,
    };
    const reason = this.#available ? (selected ? undefined : 'no matching reader') : this.#reason;
    if (reason) s.reason = reason;
    return s;
  }

  #emitState(): void {
    const s = this.state();
    const key = JSON.stringify(s);
    if (key === this.#lastState) return;
    this.#lastState = key;
    this.log.info({ encoder: this.id, ...s }, 'encoder state');
    this.emit('state', s);
  }

  #selected(): ReaderEntry | undefined {
    const want = this.#opts.reader;
    for (const [name, entry] of this.#readers) if (!want || name.includes(want)) return entry;
    return undefined;
  }

  #establish(): void {
    if (!this.#running) return;
    const pcsc = this.#opts.pcsc;
    if (typeof pcsc !== 'function') {
      this.#available = false;
      this.#reason = pcsc.unavailable;
      this.#emitState();
      return; // nothing will change without a restart: the binding itself is missing
    }
    let ctx: PcscContext;
    try {
      ctx = pcsc();
    } catch (e) {
      this.#available = false;
      this.#reason = `pcscd not answering: ${(e as Error).message}`;
      this.#emitState();
      this.#scheduleRetry();
      return;
    }
    this.#ctx = ctx;
    this.#available = true;
    this.#reason = undefined;
    ctx.on('reader', (r: PcscReader) => this.#addReader(r));
    // pcsclite may still emit 'error' after close() ("Command cancelled"): keep a listener on
    // every context for its whole life, and only let the current one tear things down.
    ctx.on('error', (e: Error) => {
      if (this.#ctx === ctx) this.#lost(e);
    });
    this.#emitState();
  }

  #scheduleRetry(): void {
    if (!this.#running || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#establish();
    }, this.#opts.retryMs ?? 500);
    this.#retry.unref();
  }

  /** pcscd went away (stopped, crashed): report offline, drop everything, try again later. */
  #lost(e: Error): void {
    if (!this.#ctx) return;
    this.log.warn({ encoder: this.id, err: e.message }, 'PC/SC context lost');
    this.#abortConnection(new EncoderError('PCSC_UNAVAILABLE', `pcscd went away: ${e.message}`));
    this.#teardown();
    this.#available = false;
    this.#reason = `pcscd went away: ${e.message}`;
    this.#emitState();
    this.#scheduleRetry();
  }

  #teardown(): void {
    const ctx = this.#ctx;
    this.#ctx = undefined;
    for (const { reader } of this.#readers.values()) {
      reader.removeAllListeners('status');
      try {
        reader.close();
      } catch {
        // already ended with the context
      }
    }
    this.#readers.clear();
    if (ctx) {
      ctx.removeAllListeners('reader');
      try {
        ctx.close();
      } catch {
        // the context is already gone
      }
    }
  }

  #addReader(reader: PcscReader): void {
    const entry: ReaderEntry = { reader, present: false, atr: new Uint8Array(0) };
    this.#readers.set(reader.name, entry);
    reader.on('error', (e: Error) => {
      this.log.warn({ encoder: this.id, reader: reader.name, err: e.message }, 'reader error');
    });
    reader.on('status', (status: { state: number; atr?: Buffer }) => {
      const present =
        (status.state & reader.SCARD_STATE_PRESENT) !== 0 && (status.state & reader.SCARD_STATE_MUTE) === 0;
      if (entry.present && !present && this.#connection?.reader === reader.name) {
        this.#abortConnection(new EncoderError('CARD_REMOVED', 'the card was removed from the reader'));
      }
      entry.present = present;
      entry.atr = present && status.atr ? new Uint8Array(status.atr) : new Uint8Array(0);
      this.#emitState();
    });
    reader.on('end', () => {
      if (this.#readers.get(reader.name) !== entry) return;
      this.#readers.delete(reader.name);
      if (this.#connection?.reader === reader.name) {
        this.#abortConnection(new EncoderError('NO_READER', 'the reader went away'));
      }
      this.#emitState();
    });
    this.#emitState();
  }

  /**
   * A pulled card often shows first as a failed or empty exchange and only then as the reader's
   * status event (vpcd: 40–200 ms later). Before calling it a card error, give the status event
   * a moment, so the caller gets CARD_REMOVED when that is what happened.
   */
  async #confirmRemoval(err: EncoderError, signal: AbortSignal): Promise<EncoderError> {
    if (err.code !== 'CARD_ERROR') return err;
    if (!signal.aborted) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, REMOVAL_GRACE_MS);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return signal.aborted && signal.reason instanceof EncoderError ? signal.reason : err;
  }

  #abortConnection(reason: EncoderError): void {
    const c = this.#connection;
    if (c && !c.abort.signal.aborted) c.abort.abort(reason);
  }

  protected async openChannel(): Promise<OpenChannel> {
    if (!this.#available) {
      throw new EncoderError('PCSC_UNAVAILABLE', this.#reason ?? 'PC/SC stack not available');
    }
    const entry = this.#selected();
    if (!entry) throw new EncoderError('NO_READER', 'no card reader found');
    if (!entry.present) throw new EncoderError('NO_CARD', `no card in ${entry.reader.name}`);
    const { reader } = entry;
    const timeoutMs = this.#opts.exchangeTimeoutMs;
    const abort = new AbortController();
    const connection = { reader: reader.name, abort };
    this.#connection = connection;

    const disconnect = (): Promise<void> =>
      new Promise<void>((resolve, reject) =>
        reader.disconnect(reader.SCARD_LEAVE_CARD, (err) => (err ? reject(err) : resolve())),
      );
    let protocol: number;
    try {
      // A handle left over from a pulled card would make pcsclite skip the connect.
      if (reader.connected) await guarded(disconnect(), { timeoutMs, what: 'disconnect' }).catch(() => {});
      protocol = await guarded(
        new Promise<number>((resolve, reject) =>
          reader.connect(
            {
              share_mode: reader.SCARD_SHARE_EXCLUSIVE,
              protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1,
            },
            (err, p) => (err ? reject(err) : resolve(p)),
          ),
        ),
        { timeoutMs, what: 'connect', abort: abort.signal },
      );
    } catch (e) {
      if (this.#connection === connection) this.#connection = undefined;
      throw pcscError(e, `connect to ${reader.name}`, 'NO_CARD');
    }

    const extended = atrSupportsExtendedLength(entry.atr);
    const resLen = extended ? 65538 : 258;
    const stats = { apdus: 0, bytesSent: 0, bytesReceived: 0 };
    const channel: CardChannel = {
      extendedLength: extended,
      stats,
      transmit: async (apdu) => {
        stats.apdus++;
        stats.bytesSent += apdu.length;
        if (abort.signal.aborted) throw abort.signal.reason;
        let raw: Buffer;
        try {
          raw = await guarded(
            new Promise<Buffer>((resolve, reject) =>
              reader.transmit(Buffer.from(apdu), resLen, protocol, (err, res) =>
                err ? reject(pcscError(err, 'APDU exchange')) : resolve(res),
              ),
            ),
            { timeoutMs, what: 'APDU exchange', abort: abort.signal },
          );
        } catch (e) {
          throw await this.#confirmRemoval(e as EncoderError, abort.signal);
        }
        if (raw.length < 2) {
          throw await this.#confirmRemoval(
            new EncoderError('CARD_ERROR', 'card answered fewer than two bytes'),
            abort.signal,
          );
        }
        stats.bytesReceived += raw.length;
        return {
          data: new Uint8Array(raw.subarray(0, raw.length - 2)),
          sw: (raw[raw.length - 2]! << 8) | raw[raw.length - 1]!,
        };
      },
    };
    return {
      channel,
      close: async () => {
        if (this.#connection === connection) this.#connection = undefined;
        await guarded(disconnect(), { timeoutMs, what: 'disconnect' }).catch(() => {});
      },
    };
  }
}
