import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rgbaToRgb } from '../../gateway/document/render/rgb.js';

/** The plain per-pixel definition the word-wise copy must match. */
function naive(rgba: Uint32Array, n: number): Uint8Array {
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = rgba[i]! & 0xff;
    out[i * 3 + 1] = (rgba[i]! >>> 8) & 0xff;
    out[i * 3 + 2] = (rgba[i]! >>> 16) & 0xff;
  }
  return out;
}

describe('colour layer to RGB panel bytes', () => {
  it('matches the per-pixel copy for any pixels, any count, aligned or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 67 }),
        fc.integer({ min: 0, max: 3 }),
        (pixels, offset) => {
          const rgba = Uint32Array.from(pixels);
          // An RGB buffer that does not start on a word boundary takes the byte path.
          const backing = new Uint8Array(pixels.length * 3 + offset);
          const rgb = backing.subarray(offset);
          rgbaToRgb(rgba, rgb, pixels.length);
          expect(rgb).toEqual(naive(rgba, pixels.length));
        },
      ),
    );
  });

  it('keeps a card-sized side exact (1016 × 648: every pixel through the word path)', () => {
    const n = 1016 * 648;
    const rgba = new Uint32Array(n).map((_, i) => (i * 2654435761) >>> 0);
    const rgb = new Uint8Array(n * 3);
    rgbaToRgb(rgba, rgb, n);
    expect(Buffer.compare(rgb, naive(rgba, n))).toBe(0);
  });
});
