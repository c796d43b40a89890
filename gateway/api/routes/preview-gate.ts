import { CardgateError } from '../../core/errors.js';

export interface PreviewLimits {
  /** Previews one user may ask for in a minute (default 30). */
  perUserPerMinute?: number;
  /** Renders at a time, for the whole station (default 2: a render takes a core and ~30 MB). */
  concurrent?: number;
  /** Requests waiting for a render slot before more are turned away (default 8). */
  queued?: number;
}

const WINDOW_MS = 60_000;

/**
 * Admission for previews: a per-user budget per minute (429 PREVIEW_RATE_LIMITED with the
 * seconds to wait), then a bounded number of renders at once with a bounded queue behind them
 * (503 PREVIEW_BUSY beyond it), so a burst of previews cannot take the station's memory.
 */
export function createPreviewGate(limits: PreviewLimits = {}, now: () => number = Date.now) {
  const perUser = limits.perUserPerMinute ?? 30;
  const concurrent = limits.concurrent ?? 2;
  const maxQueued = limits.queued ?? 8;
  const recent = new Map<string, number[]>();
  let running = 0;
  const waiting: Array<() => void> = [];

  function admit(user: string): void {
    const t = now();
    const times = (recent.get(user) ?? []).filter((at) => at > t - WINDOW_MS);
    if (times.length >= perUser) {
      const retryAfterS = Math.max(1, Math.ceil((times[0]! + WINDOW_MS - t) / 1000));
      recent.set(user, times);
      throw new CardgateError('PREVIEW_RATE_LIMITED', `at most ${perUser} previews a minute`, {
        details: { retryAfterS },
      });
    }
    times.push(t);
    recent.set(user, times);
    // Forget users idle for a whole window, so the map stays as small as the active users.
    if (recent.size > 256) for (const [u, ts] of recent) if (ts.at(-1)! <= t - WINDOW_MS) recent.delete(u);
  }

  async function run<T>(user: string, render: () => Promise<T>): Promise<T> {
    admit(user);
    if (running >= concurrent) {
      if (waiting.length >= maxQueued)
        throw new CardgateError('PREVIEW_BUSY', 'too many previews waiting; try again shortly');
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else running++;
    try {
      return await render();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  return { run, stats: () => ({ running, waiting: waiting.length }) };
}
