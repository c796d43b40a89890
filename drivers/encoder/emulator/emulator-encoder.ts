import { setTimeout as sleep } from 'node:timers/promises';
import type { CardChannel } from '../card-channel.js';
import { ChannelEncoder, type OpenChannel } from '../channel-encoder.js';
import { guarded } from '../guard.js';
import { EncoderError, type EncoderState } from '../interface.js';
import { silentLogger, type EncoderLogger } from '../logger.js';
import type { CardProfile } from '../profile.js';
import { iso7816FsProfile } from '../profiles/iso7816-fs/profile.js';
import { VirtualCard, type VirtualCardOptions } from './virtual-card.js';

export interface EmulatorOptions {
  id?: string;
  exchangeTimeoutMs: number;
  logger?: EncoderLogger;
  profile?: CardProfile;
  /** Settings of every card inserted (capacity, DELETE support, extended length). */
  card?: VirtualCardOptions;
  /** Start with a blank card in the reader (default true). */
  cardPresent?: boolean;
  /** Delay per APDU, to emulate a slow reader or card (see timing.ts for a real card's). */
  latencyMs?: number;
  /** The reader's name (a print line binds its encoder by it). */
  readerName?: string;
}

export const EMULATOR_READER = 'cardgate emulated reader';

/**
 * The in-process encoder emulator: the same card profile over a VirtualCard, with the faults the
 * issuance flow must survive (no card, card pulled mid-write, slow card). Reported as emulated.
 */
export class EmulatorEncoder extends ChannelEncoder {
  readonly id: string;
  readonly driver = 'emulator';
  readonly emulated = true;
  protected readonly profile: CardProfile;
  protected readonly log: EncoderLogger;
  readonly #opts: EmulatorOptions;
  #card: VirtualCard | undefined;
  #connection: AbortController | undefined;
  #removeAfterUpdates: number | undefined;
  #latencyMs: number;
  #started = false;
  #readerPlugged = true;

  constructor(opts: EmulatorOptions) {
    super();
    this.#opts = opts;
    this.id = opts.id ?? 'encoder-1';
    this.profile = opts.profile ?? iso7816FsProfile;
    this.log = opts.logger ?? silentLogger;
    this.#latencyMs = opts.latencyMs ?? 0;
    if (opts.cardPresent ?? true) this.#card = new VirtualCard(opts.card);
  }

  /** Fault and card controls for tests, the bench and the emulator command. */
  readonly control = {
    insertCard: (card: VirtualCard = new VirtualCard(this.#opts.card)): VirtualCard => {
      this.#card = card;
      this.#emitState();
      return card;
    },
    removeCard: (): void => {
      if (!this.#card) return;
      this.#card = undefined;
      this.#connection?.abort(new EncoderError('CARD_REMOVED', 'the card was removed from the reader'));
      this.#emitState();
    },
    /** Pull the card out when the n-th UPDATE BINARY (counted from now) is sent. */
    removeCardAfterUpdates: (n: number): void => {
      this.#removeAfterUpdates = n;
    },
    setLatency: (ms: number): void => {
      this.#latencyMs = ms;
    },
    /** The reader's USB cable pulled: no reader, a card being written is lost. */
    unplugReader: (): void => {
      this.#readerPlugged = false;
      this.#connection?.abort(new EncoderError('NO_READER', 'the reader was unplugged'));
      this.#emitState();
    },
    plugReader: (): void => {
      this.#readerPlugged = true;
      this.#emitState();
    },
    card: (): VirtualCard | undefined => this.#card,
  };

  override waitForCard(timeoutMs: number): Promise<void> {
    if (!this.#readerPlugged)
      return Promise.reject(new EncoderError('NO_READER', 'the emulated reader is unplugged'));
    return super.waitForCard(timeoutMs);
  }

  async start(): Promise<void> {
    this.#started = true;
    this.#emitState();
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#connection?.abort(new EncoderError('CARD_ERROR', 'encoder stopped'));
  }

  state(): EncoderState {
    if (!this.#readerPlugged) return { available: true, readers: [], cardPresent: false };
    return {
      available: true,
      readers: [this.#opts.readerName ?? EMULATOR_READER],
      cardPresent: this.#card !== undefined,
    };
  }

  #emitState(): void {
    if (this.#started) this.emit('state', this.state());
  }

  protected async openChannel(): Promise<OpenChannel> {
    if (!this.#readerPlugged) throw new EncoderError('NO_READER', 'the emulated reader is unplugged');
    const card = this.#card;
    if (!card) throw new EncoderError('NO_CARD', 'no card in the emulated reader');
    card.reset();
    const connection = new AbortController();
    this.#connection = connection;
    const stats = { apdus: 0, bytesSent: 0, bytesReceived: 0 };
    const timeoutMs = this.#opts.exchangeTimeoutMs;
    const exchange = async (apdu: Uint8Array): Promise<{ data: Uint8Array; sw: number }> => {
      if (this.#latencyMs > 0) await sleep(this.#latencyMs, undefined, { signal: connection.signal });
      if (apdu[1] === 0xd6 && this.#removeAfterUpdates !== undefined && --this.#removeAfterUpdates <= 0) {
        this.#removeAfterUpdates = undefined;
        this.control.removeCard();
      }
      if (this.#card !== card) throw new EncoderError('CARD_REMOVED', 'the card was removed from the reader');
      return card.process(apdu);
    };
    const channel: CardChannel = {
      extendedLength: card.options.extendedLength,
      stats,
      transmit: async (apdu) => {
        stats.apdus++;
        stats.bytesSent += apdu.length;
        if (connection.signal.aborted) throw connection.signal.reason;
        const res = await guarded(exchange(apdu), {
          timeoutMs,
          what: 'APDU exchange',
          abort: connection.signal,
        });
        stats.bytesReceived += res.data.length + 2;
        return res;
      },
    };
    return {
      channel,
      close: async () => {
        if (this.#connection === connection) this.#connection = undefined;
      },
    };
  }
}
