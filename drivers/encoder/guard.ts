import { EncoderError } from './interface.js';

/**
 * Races one card operation against its time-out and against an abort (card removed, stack gone,
 * caller gave up), so no exchange can hang however the native side behaves.
 */
export function guarded<T>(
  op: Promise<T>,
  opts: { timeoutMs: number; what: string; abort?: AbortSignal },
): Promise<T> {
  // The operation may settle after we gave up on it: its late rejection is expected, not unhandled.
  op.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      opts.abort?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(asEncoderError(opts.abort?.reason, opts.what));
    };
    const timer = setTimeout(() => {
      done();
      reject(new EncoderError('TIMEOUT', `${opts.what}: no answer within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    if (opts.abort?.aborted) return onAbort();
    opts.abort?.addEventListener('abort', onAbort, { once: true });
    op.then(
      (v) => {
        done();
        resolve(v);
      },
      (e: unknown) => {
        done();
        reject(e);
      },
    );
  });
}

export function asEncoderError(e: unknown, what: string): EncoderError {
  if (e instanceof EncoderError) return e;
  if (e instanceof Error && e.name === 'AbortError')
    return new EncoderError('CARD_ERROR', `${what}: aborted`, { cause: e });
  return new EncoderError('CARD_ERROR', `${what}: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
  });
}
