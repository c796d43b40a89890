import { LINE_BYTES_1BIT, PANEL_HEIGHT, PANEL_WIDTH } from './bitmap-codec.js';

/**
 * The hot loop of the single-pass encoder: card pixels (landscape, row-major) → the rotated
 * printer buffer (card column x = buffer line x, card row y = dot 647 − y). Writes colour values
 * (via `table`, zero under k) into cv/mv/yv and k/o already packed, 8 dots a byte, MSB first.
 *
 * Work goes in strips of LINE_STRIP buffer lines, eight dots (one k/o byte) at a time: reads
 * stream along eight card rows, the strip's writes stay in cache, and the k/o bits collect in
 * registers (no per-dot 0/1 buffers, no separate packing pass).
 */
export interface RotateSource {
  rgb: Uint8Array;
  k: Uint8Array;
  overlay: Uint8Array;
  width: number;
  /** Byte of ink → dot value at the panel's levels. */
  table: Uint8Array;
  /** k-only ribbon: dark artwork becomes resin too. */
  monochrome: boolean;
}

export interface RotateTarget {
  cv: Uint8Array;
  mv: Uint8Array;
  yv: Uint8Array;
  kPacked: Uint8Array;
  oPacked: Uint8Array;
}

/** 128 lines × 648 dots × 3 colour panels (~250 KB) stay in L2 while a strip is written. */
const LINE_STRIP = 128;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Word view of a byte array when it starts on a 4-byte boundary, else null. */
function words(a: Uint8Array): Uint32Array | null {
  return a.byteOffset % 4 === 0 ? new Uint32Array(a.buffer, a.byteOffset, a.length >> 2) : null;
}

export function rotateSide(src: RotateSource, dst: RotateTarget): void {
  const { rgb, k, overlay, width, table, monochrome } = src;
  const { cv, mv, yv, kPacked, oPacked } = dst;
  // Four card pixels a word (k, overlay) and three words of RGB: a quarter of the loads. Needs
  // whole words per card row (width 1016 = 254 × 4) and little-endian byte order.
  const rgb32 = LITTLE_ENDIAN && width % 4 === 0 ? words(rgb) : null;
  const k32 = rgb32 ? words(k) : null;
  const o32 = rgb32 ? words(overlay) : null;
  for (let x0 = 0; x0 < PANEL_HEIGHT; x0 += LINE_STRIP) {
    const xEnd = Math.min(PANEL_HEIGHT, x0 + LINE_STRIP);
    for (let d0 = 0; d0 < PANEL_WIDTH; d0 += 8)
      if (rgb32 && k32 && o32)
        octetsByWord(
          rgb32,
          k32,
          o32,
          rgb,
          k,
          width,
          x0,
          xEnd,
          d0,
          table,
          monochrome,
          cv,
          mv,
          yv,
          kPacked,
          oPacked,
        );
      else
        octetsByByte(rgb, k, overlay, width, x0, xEnd, d0, table, monochrome, cv, mv, yv, kPacked, oPacked);
  }
}

/**
 * Lines x0 .. xEnd-1 (a multiple of 4 apart), dots d0 .. d0+7, four lines at a time from one
 * word of k and overlay and three words of RGB per card row. The common case (no k in the four
 * pixels, colour ribbon) needs no per-pixel branch; otherwise the four go the byte way.
 */
function octetsByWord(
  rgb32: Uint32Array,
  k32: Uint32Array,
  o32: Uint32Array,
  rgb: Uint8Array,
  k: Uint8Array,
  width: number,
  x0: number,
  xEnd: number,
  d0: number,
  table: Uint8Array,
  monochrome: boolean,
  cv: Uint8Array,
  mv: Uint8Array,
  yv: Uint8Array,
  kPacked: Uint8Array,
  oPacked: Uint8Array,
): void {
  const W = PANEL_WIDTH;
  const q = d0 >> 3;
  const rowWords = width >> 2;
  for (let x = x0; x < xEnd; x += 4) {
    let wi = ((PANEL_WIDTH - 1 - d0) * width + x) >> 2;
    const at0 = x * W + d0;
    // One k and one o byte for each of the four lines, dot d0 shifted in first (ends as MSB).
    let k0 = 0,
      k1 = 0,
      k2 = 0,
      k3 = 0;
    let o0 = 0,
      o1 = 0,
      o2 = 0,
      o3 = 0;
    for (let n = 0; n < 8; n++, wi -= rowWords) {
      const ow = o32[wi] as number;
      o0 = (o0 << 1) | ((ow & 0xff) !== 0 ? 1 : 0);
      o1 = (o1 << 1) | ((ow & 0xff00) !== 0 ? 1 : 0);
      o2 = (o2 << 1) | ((ow & 0xff0000) !== 0 ? 1 : 0);
      o3 = (o3 << 1) | ((ow & 0xff000000) !== 0 ? 1 : 0);
      const at = at0 + n;
      if ((k32[wi] as number) !== 0 || monochrome) {
        const i = wi << 2;
        k0 = (k0 << 1) | dotByByte(rgb, k, i, at, table, monochrome, cv, mv, yv);
        k1 = (k1 << 1) | dotByByte(rgb, k, i + 1, at + W, table, monochrome, cv, mv, yv);
        k2 = (k2 << 1) | dotByByte(rgb, k, i + 2, at + 2 * W, table, monochrome, cv, mv, yv);
        k3 = (k3 << 1) | dotByByte(rgb, k, i + 3, at + 3 * W, table, monochrome, cv, mv, yv);
        continue;
      }
      k0 <<= 1;
      k1 <<= 1;
      k2 <<= 1;
      k3 <<= 1;
      // Little-endian: pixel j's R, G, B are bytes 3j, 3j+1, 3j+2 of w0 w1 w2.
      const w0 = rgb32[wi * 3] as number;
      const w1 = rgb32[wi * 3 + 1] as number;
      const w2 = rgb32[wi * 3 + 2] as number;
      cv[at] = table[w0 & 0xff] as number;
      mv[at] = table[(w0 >>> 8) & 0xff] as number;
      yv[at] = table[(w0 >>> 16) & 0xff] as number;
      cv[at + W] = table[w0 >>> 24] as number;
      mv[at + W] = table[w1 & 0xff] as number;
      yv[at + W] = table[(w1 >>> 8) & 0xff] as number;
      cv[at + 2 * W] = table[(w1 >>> 16) & 0xff] as number;
      mv[at + 2 * W] = table[w1 >>> 24] as number;
      yv[at + 2 * W] = table[w2 & 0xff] as number;
      cv[at + 3 * W] = table[(w2 >>> 8) & 0xff] as number;
      mv[at + 3 * W] = table[(w2 >>> 16) & 0xff] as number;
      yv[at + 3 * W] = table[w2 >>> 24] as number;
    }
    const pj = x * LINE_BYTES_1BIT + q;
    kPacked[pj] = k0;
    kPacked[pj + LINE_BYTES_1BIT] = k1;
    kPacked[pj + 2 * LINE_BYTES_1BIT] = k2;
    kPacked[pj + 3 * LINE_BYTES_1BIT] = k3;
    oPacked[pj] = o0;
    oPacked[pj + LINE_BYTES_1BIT] = o1;
    oPacked[pj + 2 * LINE_BYTES_1BIT] = o2;
    oPacked[pj + 3 * LINE_BYTES_1BIT] = o3;
  }
}

/** Colour values of card pixel i at buffer index `at`; returns its k bit. Small, so V8 inlines it. */
function dotByByte(
  rgb: Uint8Array,
  k: Uint8Array,
  i: number,
  at: number,
  table: Uint8Array,
  monochrome: boolean,
  cv: Uint8Array,
  mv: Uint8Array,
  yv: Uint8Array,
): number {
  if (k[i] !== 0) {
    cv[at] = 0;
    mv[at] = 0;
    yv[at] = 0;
    return 1;
  }
  const p = i * 3;
  const r = rgb[p] as number;
  const g = rgb[p + 1] as number;
  const b = rgb[p + 2] as number;
  cv[at] = table[r] as number;
  mv[at] = table[g] as number;
  yv[at] = table[b] as number;
  return monochrome && (r * 77 + g * 150 + b * 29) >> 8 < 128 ? 1 : 0;
}

/** The same for any alignment or byte order, one pixel at a time. */
function octetsByByte(
  rgb: Uint8Array,
  k: Uint8Array,
  overlay: Uint8Array,
  width: number,
  x0: number,
  xEnd: number,
  d0: number,
  table: Uint8Array,
  monochrome: boolean,
  cv: Uint8Array,
  mv: Uint8Array,
  yv: Uint8Array,
  kPacked: Uint8Array,
  oPacked: Uint8Array,
): void {
  const q = d0 >> 3;
  const row0 = (PANEL_WIDTH - 1 - d0) * width;
  for (let x = x0; x < xEnd; x++) {
    let at = x * PANEL_WIDTH + d0;
    let i = row0 + x;
    let kb = 0;
    let ob = 0;
    for (let n = 0; n < 8; n++, i -= width, at++) {
      ob = (ob << 1) | (overlay[i] !== 0 ? 1 : 0);
      kb = (kb << 1) | dotByByte(rgb, k, i, at, table, monochrome, cv, mv, yv);
    }
    kPacked[x * LINE_BYTES_1BIT + q] = kb;
    oPacked[x * LINE_BYTES_1BIT + q] = ob;
  }
}
