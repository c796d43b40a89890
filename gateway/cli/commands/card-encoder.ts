import { createEncoder } from '../../../drivers/encoder/factory.js';
import { EncoderError, type CardEncoder } from '../../../drivers/encoder/interface.js';
import type { CardProfile } from '../../../drivers/encoder/profile.js';
import { CardgateError } from '../../core/errors.js';

/** Starts an encoder for one CLI command, waits for the card, runs fn, and always stops it. */
export async function withEncoder<T>(
  opts: { reader?: string; driver: string; waitMs: string; timeoutMs: string; profile?: CardProfile },
  fn: (enc: CardEncoder) => Promise<T>,
): Promise<T> {
  if (opts.driver !== 'pcsc' && opts.driver !== 'emulator') {
    throw new CardgateError('BAD_OPTION', `--driver must be pcsc or emulator, not "${opts.driver}"`, {
      status: 400,
    });
  }
  const waitMs = Number(opts.waitMs);
  const exchangeTimeoutMs = Number(opts.timeoutMs);
  if (
    !Number.isInteger(waitMs) ||
    waitMs < 0 ||
    !Number.isInteger(exchangeTimeoutMs) ||
    exchangeTimeoutMs < 100
  ) {
    throw new CardgateError('BAD_OPTION', '--wait-ms and --timeout-ms must be whole milliseconds', {
      status: 400,
    });
  }
  const enc = createEncoder({
    driver: opts.driver,
    exchangeTimeoutMs,
    ...(opts.reader !== undefined ? { reader: opts.reader } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
  });
  await enc.start();
  try {
    await enc.waitForCard(waitMs);
    return await fn(enc);
  } catch (e) {
    if (e instanceof EncoderError) throw new CardgateError(e.catalogueCode, e.detail, { cause: e });
    throw e;
  } finally {
    await enc.stop();
  }
}
