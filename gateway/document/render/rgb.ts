export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * RGBA pixels (one little-endian word each, 0xAABBGGRR) to packed RGB bytes. Four pixels make
 * three output words, written whole (a byte at a time this copy was a fifth of a card's render);
 * the few pixels before the output reaches a word boundary, and after the last whole quad, go a
 * byte at a time.
 */
export function rgbaToRgb(rgba: Uint32Array, rgb: Uint8Array, n: number): void {
  let i = 0;
  const byteAt = (p: number): void => {
    const v = rgba[p]!;
    rgb[p * 3] = v & 0xff;
    rgb[p * 3 + 1] = (v >>> 8) & 0xff;
    rgb[p * 3 + 2] = (v >>> 16) & 0xff;
  };
  while (LITTLE_ENDIAN && i < n && (rgb.byteOffset + i * 3) % 4 !== 0) byteAt(i++);
  const quads = LITTLE_ENDIAN ? (n - i) >>> 2 : 0;
  if (quads > 0) {
    const out = new Uint32Array(rgb.buffer, rgb.byteOffset + i * 3, quads * 3);
    for (let q = 0, o = 0; q < quads; q++, i += 4, o += 3) {
      const p0 = rgba[i]!;
      const p1 = rgba[i + 1]!;
      const p2 = rgba[i + 2]!;
      const p3 = rgba[i + 3]!;
      out[o] = (p0 & 0xffffff) | (p1 << 24);
      out[o + 1] = ((p1 >>> 8) & 0xffff) | (p2 << 16);
      out[o + 2] = ((p2 >>> 16) & 0xff) | (p3 << 8);
    }
  }
  while (i < n) byteAt(i++);
}
