import type { CardSideImage } from '../../../drivers/printer/interface.js';
import type { SideLayers } from './side.js';

/** Resin black where the k layer's coverage reaches half a dot. */
const K_THRESHOLD = 128;

export interface SidePanels {
  image: CardSideImage;
}

/** What the printed side looks like (RGBA): the colour panels, k in black, the chip in gold. */
export function previewPixels(side: CardSideImage): Uint8ClampedArray {
  const n = side.width * side.height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0, j = 0, q = 0; i < n; i++, j += 3, q += 4) {
    if (side.k[i]) {
      out[q] = out[q + 1] = out[q + 2] = 0;
    } else if (!side.overlay[i]) {
      out[q] = 214;
      out[q + 1] = 178;
      out[q + 2] = 92;
    } else {
      out[q] = side.rgb[j]!;
      out[q + 1] = side.rgb[j + 1]!;
      out[q + 2] = side.rgb[j + 2]!;
    }
    out[q + 3] = 255;
  }
  return out;
}

/**
 * RGBA pixels (one little-endian word each, 0xAABBGGRR) to packed RGB bytes. Four pixels make
 * three output words, written whole: a byte at a time this copy was a fifth of a card's render.
 */
export function rgbaToRgb(rgba: Uint32Array, rgb: Uint8Array, n: number): void {
  const quads = n >>> 2;
  if (rgb.byteOffset % 4 === 0 && LITTLE_ENDIAN) {
    const out = new Uint32Array(rgb.buffer, rgb.byteOffset, quads * 3);
    for (let q = 0, i = 0, o = 0; q < quads; q++, i += 4, o += 3) {
      const p0 = rgba[i]!;
      const p1 = rgba[i + 1]!;
      const p2 = rgba[i + 2]!;
      const p3 = rgba[i + 3]!;
      out[o] = (p0 & 0xffffff) | (p1 << 24);
      out[o + 1] = ((p1 >>> 8) & 0xffff) | (p2 << 16);
      out[o + 2] = ((p2 >>> 16) & 0xff) | (p3 << 8);
    }
  }
  for (let i = LITTLE_ENDIAN && rgb.byteOffset % 4 === 0 ? quads * 4 : 0; i < n; i++) {
    const v = rgba[i]!;
    rgb[i * 3] = v & 0xff;
    rgb[i * 3 + 1] = (v >>> 8) & 0xff;
    rgb[i * 3 + 2] = (v >>> 16) & 0xff;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Splits a side into printer planes: RGB for the colour panels (white wherever k prints, in the
 * clear zones and on the chip), a binary k mask, and an overlay that leaves the chip contacts bare.
 */
export function composePanels(layers: SideLayers, width: number, height: number): SidePanels {
  const c = layers.colour.getContext('2d').getImageData(0, 0, width, height).data;
  const n = width * height;
  const rgb = new Uint8Array(n * 3);
  const k = new Uint8Array(n);
  const overlay = new Uint8Array(n).fill(1);
  // Works on the colour layer's own buffer: clear zones whitened, then copied out as RGB.
  const colour32 = new Uint32Array(c.buffer, c.byteOffset, n);
  const WHITE = 0xffffffff;

  const rectRows = (
    r: { x: number; y: number; width: number; height: number },
    fn: (start: number, end: number) => void,
  ): void => {
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(width, Math.ceil(r.x + r.width));
    const y1 = Math.min(height, Math.ceil(r.y + r.height));
    if (x1 > x0) for (let y = y0; y < y1; y++) fn(y * width + x0, y * width + x1);
  };
  for (const r of layers.clear) rectRows(r, (a, b) => colour32.fill(WHITE, a, b));
  if (layers.chip) rectRows(layers.chip, (a, b) => colour32.fill(WHITE, a, b));

  rgbaToRgb(colour32, rgb, n);
  // The k layer is read back only where something was drawn on it (reading the whole frame
  // costs time, and @napi-rs/canvas pixel buffers are reclaimed lazily, inflating memory).
  const kg = layers.k.getContext('2d');
  for (const r of layers.kRegions) {
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(width, Math.ceil(r.x + r.width));
    const y1 = Math.min(height, Math.ceil(r.y + r.height));
    if (x1 <= x0 || y1 <= y0) continue;
    const w = x1 - x0;
    const kd = kg.getImageData(x0, y0, w, y1 - y0).data;
    const k32 = new Uint32Array(kd.buffer, kd.byteOffset, kd.length / 4);
    for (let yy = 0; yy < y1 - y0; yy++) {
      for (let xx = 0; xx < w; xx++) {
        if (k32[yy * w + xx]! >>> 24 < K_THRESHOLD) continue;
        const i = (y0 + yy) * width + x0 + xx;
        k[i] = 1;
        rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = 255; // colour panels: nothing under resin black
      }
    }
  }
  if (layers.chip)
    rectRows(layers.chip, (a, b) => {
      overlay.fill(0, a, b);
      k.fill(0, a, b);
    });
  return { image: { width, height, rgb, k, overlay } };
}
