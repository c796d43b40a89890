import type { CardSideImage } from '../../../drivers/printer/interface.js';
import { rgbaToRgb } from './rgb.js';
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
 * Splits a side into printer planes: RGB for the colour panels (white wherever k prints, in the
 * clear zones and on the chip), a binary k mask, and an overlay that leaves the chip contacts bare.
 */
export function composePanels(layers: SideLayers, width: number, height: number): SidePanels {
  const n = width * height;
  const k = new Uint8Array(n);
  const overlay = new Uint8Array(n).fill(1);
  // The colour panels start as the artwork; only the places drawn over it (photo, colour text,
  // boxes) are read back from the canvas: reading the whole frame was most of a card's render.
  const rgb = layers.artworkRgb.slice();
  const clamp = (r: { x: number; y: number; width: number; height: number }) => {
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(width, Math.ceil(r.x + r.width));
    const y1 = Math.min(height, Math.ceil(r.y + r.height));
    return x1 > x0 && y1 > y0 ? { x0, y0, w: x1 - x0, h: y1 - y0 } : null;
  };
  /** A region's pixels, one RGBA word each. */
  const readBack = (canvas: SideLayers['colour'], r: { x0: number; y0: number; w: number; h: number }) => {
    const d = canvas.getContext('2d').getImageData(r.x0, r.y0, r.w, r.h).data;
    return new Uint32Array(d.buffer, d.byteOffset, r.w * r.h);
  };
  for (const region of layers.colourRegions) {
    const r = clamp(region);
    if (!r) continue;
    const d32 = readBack(layers.colour, r);
    for (let yy = 0; yy < r.h; yy++) {
      const at = (r.y0 + yy) * width + r.x0;
      rgbaToRgb(d32.subarray(yy * r.w, (yy + 1) * r.w), rgb.subarray(at * 3, (at + r.w) * 3), r.w);
    }
  }
  const rectRows = (
    box: { x: number; y: number; width: number; height: number },
    fn: (start: number, end: number) => void,
  ): void => {
    const r = clamp(box);
    if (r) for (let y = r.y0; y < r.y0 + r.h; y++) fn(y * width + r.x0, y * width + r.x0 + r.w);
  };
  // Clear zones (MRZ, seal): no colour ink at all.
  for (const r of layers.clear) rectRows(r, (a, b) => rgb.fill(255, a * 3, b * 3));

  // The k layer is read back only where something was drawn on it (reading the whole frame
  // costs time, and @napi-rs/canvas pixel buffers are reclaimed lazily, inflating memory).
  for (const region of layers.kRegions) {
    const r = clamp(region);
    if (!r) continue;
    const k32 = readBack(layers.k, r);
    for (let yy = 0; yy < r.h; yy++) {
      for (let xx = 0; xx < r.w; xx++) {
        if (k32[yy * r.w + xx]! >>> 24 < K_THRESHOLD) continue;
        const i = (r.y0 + yy) * width + r.x0 + xx;
        k[i] = 1;
        rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = 255; // colour panels: nothing under resin black
      }
    }
  }
  // The chip contacts: no ink of any kind, no overlay.
  if (layers.chip)
    rectRows(layers.chip, (a, b) => {
      rgb.fill(255, a * 3, b * 3);
      overlay.fill(0, a, b);
      k.fill(0, a, b);
    });
  return { image: { width, height, rgb, k, overlay } };
}
