import { EmulatorEncoder, type EmulatorOptions } from './emulator/emulator-encoder.js';
import type { CardEncoder } from './interface.js';
import { silentLogger, type EncoderLogger } from './logger.js';
import { loadPcsclite } from './pcsc/load.js';
import { PcscEncoder } from './pcsc/pcsc-encoder.js';
import type { PcscFactory, PcscReader } from './pcsc/types.js';
import type { CardProfile } from './profile.js';

export interface CreateEncoderOptions {
  driver: 'auto' | 'pcsc' | 'emulator';
  id?: string;
  /** Substring of the reader name (PC/SC); the first reader when absent. */
  reader?: string;
  exchangeTimeoutMs: number;
  logger?: EncoderLogger;
  /** The `pcsclite` factory; loaded from node_modules when absent. */
  pcsc?: PcscFactory;
  /** Emulator settings (card capacity, latency, …) when the emulator is chosen. */
  emulator?: Omit<EmulatorOptions, 'id' | 'exchangeTimeoutMs' | 'logger'>;
  retryMs?: number;
  /** Refuse faces larger than this (config encoder.dg2MaxBytes). */
  dg2MaxBytes?: number;
  /** The card profile (how the document is laid out on the chip); iso7816-fs when absent. */
  profile?: CardProfile;
}

/**
 * True when pcscd answers right now (a context can be established). The probe context is closed
 * only after pcsclite started its monitor thread (closing before that leaves the thread running),
 * and any reader it reports gets an error listener: pcsclite emits 'error' on readers when pcscd
 * stops, which would crash the process without one.
 */
export function pcscAnswers(factory: PcscFactory): boolean {
  let ctx;
  try {
    ctx = factory();
  } catch {
    return false;
  }
  const probe = ctx;
  probe.on('error', () => {});
  probe.on('reader', (r: PcscReader) => {
    r.on('error', () => {});
    r.close();
  });
  setImmediate(() => probe.close());
  return true;
}

/**
 * The encoder the station runs. `pcsc` always gives the PC/SC driver, which reports itself
 * offline (with the reason) while the stack is missing and comes online when pcscd answers.
 * `auto` picks PC/SC when pcscd answers at start, otherwise the emulator, which says it is one.
 */
export function createEncoder(opts: CreateEncoderOptions): CardEncoder {
  const enc = pick(opts);
  enc.dg2MaxBytes = opts.dg2MaxBytes;
  return enc;
}

function pick(opts: CreateEncoderOptions): EmulatorEncoder | PcscEncoder {
  const logger = opts.logger ?? silentLogger;
  const id = opts.id ?? 'encoder-1';
  const emulator = (): EmulatorEncoder =>
    new EmulatorEncoder({
      ...opts.emulator,
      id,
      exchangeTimeoutMs: opts.exchangeTimeoutMs,
      logger,
      ...(opts.profile ? { profile: opts.profile } : {}),
    });
  if (opts.driver === 'emulator') return emulator();

  const loaded = opts.pcsc ? { ok: true as const, factory: opts.pcsc } : loadPcsclite();
  if (opts.driver === 'auto') {
    if (!loaded.ok || !pcscAnswers(loaded.factory)) {
      logger.warn(
        { encoder: id, reason: loaded.ok ? 'pcscd not answering' : loaded.reason },
        'no PC/SC stack: using the encoder emulator',
      );
      return emulator();
    }
  }
  const encoderOpts = {
    id,
    exchangeTimeoutMs: opts.exchangeTimeoutMs,
    logger,
    pcsc: loaded.ok ? loaded.factory : { unavailable: loaded.reason },
    ...(opts.reader !== undefined ? { reader: opts.reader } : {}),
    ...(opts.retryMs !== undefined ? { retryMs: opts.retryMs } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  };
  return new PcscEncoder(encoderOpts);
}
