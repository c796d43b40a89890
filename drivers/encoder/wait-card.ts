import type { CardEncoder } from './interface.js';
import { EncoderError } from './interface.js';

/**
 * For the encode-then-print flow: after the printer moved the card to the contact station, wait
 * for the reader to see it and for the card to answer (a blank card holding data is reported so
 * the flow can decide to wipe or reject).
 */
export async function waitForCardReady(
  encoder: CardEncoder,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  opts.signal?.throwIfAborted();
  const aborted = new Promise<never>((_, reject) => {
    opts.signal?.addEventListener(
      'abort',
      () => reject(new EncoderError('NO_CARD', 'stopped waiting for the card')),
      { once: true },
    );
  });
  aborted.catch(() => {});
  await Promise.race([encoder.waitForCard(opts.timeoutMs), aborted]);
}
