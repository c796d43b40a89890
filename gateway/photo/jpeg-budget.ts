import type { Canvas } from '@napi-rs/canvas';
import { CardgateError } from '../core/errors.js';

/**
 * The best JPEG quality that fits the chip's budget, by bisection (at most 7 encodes).
 * A budget no quality can meet is an error: the file would not fit the chip.
 */
export function encodeWithinBudget(
  canvas: Canvas,
  maxBytes: number,
  opts: { maxQuality?: number; minQuality?: number } = {},
): { jpeg: Buffer; quality: number } {
  const at = (q: number): Buffer => canvas.encodeSync('jpeg', q);
  let hi = opts.maxQuality ?? 90;
  let lo = opts.minQuality ?? 10;
  const top = at(hi);
  if (top.length <= maxBytes) return { jpeg: top, quality: hi };
  let best = at(lo);
  if (best.length > maxBytes) {
    throw new CardgateError(
      'PHOTO_BUDGET',
      `chip portrait does not fit ${maxBytes} bytes even at quality ${lo}`,
      {
        status: 422,
      },
    );
  }
  let bestQ = lo;
  while (hi - lo > 2) {
    const mid = Math.floor((lo + hi) / 2);
    const out = at(mid);
    if (out.length <= maxBytes) {
      lo = mid;
      best = out;
      bestQ = mid;
    } else hi = mid;
  }
  return { jpeg: best, quality: bestQ };
}
