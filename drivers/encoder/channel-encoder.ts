import { EventEmitter } from 'node:events';
import type { CardChannel } from './card-channel.js';
import { asEncoderError } from './guard.js';
import {
  EncoderError,
  type CardEncoder,
  type ChipContents,
  type ChipPersonalization,
  type EncoderEvents,
  type EncoderState,
  type VerifyResult,
} from './interface.js';
import type { EncoderLogger } from './logger.js';
import type { CardProfile } from './profile.js';

export interface OpenChannel {
  channel: CardChannel;
  close(): Promise<void>;
}

/**
 * What every encoder does the same way whatever carries the APDUs: one card operation at a time
 * (the card is held exclusively for the whole operation), progress events, and the card profile.
 * Transports provide the state and a connected channel.
 */
export abstract class ChannelEncoder extends EventEmitter<EncoderEvents> implements CardEncoder {
  abstract readonly id: string;
  abstract readonly driver: string;
  abstract readonly emulated: boolean;
  protected abstract readonly profile: CardProfile;
  protected abstract readonly log: EncoderLogger;
  /** Budget of the chip face (config encoder.dg2MaxBytes); larger faces are refused before any write. */
  dg2MaxBytes: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract state(): EncoderState;
  protected abstract openChannel(signal?: AbortSignal): Promise<OpenChannel>;

  /** Runs fn with the card connected; operations queue so two never interleave on one card. */
  protected withCard<T>(what: string, fn: (ch: CardChannel) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = async (): Promise<T> => {
      if (signal?.aborted) throw asEncoderError(signal.reason, what);
      const open = await this.openChannel(signal);
      try {
        return await fn(open.channel);
      } catch (e) {
        const err = asEncoderError(e, what);
        this.log.warn({ encoder: this.id, code: err.code, sw: err.sw }, `${what} failed: ${err.message}`);
        throw err;
      } finally {
        await open.close().catch(() => {});
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => {});
    return next;
  }

  waitForCard(timeoutMs: number): Promise<void> {
    if (this.state().cardPresent) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onState = (s: EncoderState): void => {
        if (!s.cardPresent) return;
        clearTimeout(timer);
        this.off('state', onState);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('state', onState);
        const s = this.state();
        reject(
          new EncoderError(
            s.available ? (s.readers.length ? 'NO_CARD' : 'NO_READER') : 'PCSC_UNAVAILABLE',
            `no card in the reader within ${timeoutMs} ms${s.reason ? ` (${s.reason})` : ''}`,
          ),
        );
      }, timeoutMs);
      this.on('state', onState);
    });
  }

  personalize(
    input: ChipPersonalization,
    opts: { signal?: AbortSignal } = {},
  ): ReturnType<CardEncoder['personalize']> {
    if (this.dg2MaxBytes !== undefined && input.dg2.length > this.dg2MaxBytes) {
      return Promise.reject(
        new EncoderError(
          'TOO_LARGE',
          `face of ${input.dg2.length} bytes exceeds the ${this.dg2MaxBytes}-byte budget`,
        ),
      );
    }
    return this.withCard(
      'personalize',
      async (ch) => {
        const started = ch.stats.apdus;
        const { bytesWritten, securityObject } = await this.profile.personalize(
          ch,
          input,
          (p) => this.emit('progress', { ...p, jobId: input.jobId }),
          opts.signal,
        );
        this.log.info(
          { encoder: this.id, jobId: input.jobId, apdus: ch.stats.apdus - started, bytesWritten },
          'card personalized and verified',
        );
        return {
          apdus: ch.stats.apdus - started,
          bytesWritten,
          ...(securityObject ? { securityObject } : {}),
        };
      },
      opts.signal,
    );
  }

  readBack(): Promise<ChipContents> {
    return this.withCard('read back', (ch) => this.profile.readBack(ch));
  }

  async verify(trustedCertDer?: Uint8Array): Promise<VerifyResult> {
    const contents = await this.readBack();
    return this.profile.verify(contents, trustedCertDer);
  }

  verifyContents(contents: ChipContents, trustedCertDer?: Uint8Array): VerifyResult {
    return this.profile.verify(contents, trustedCertDer);
  }

  /** True when the card holds document data (a personalize then needs `wipe`). */
  hasData(): Promise<boolean> {
    return this.withCard('inspect', (ch) => this.profile.hasData(ch));
  }
}
