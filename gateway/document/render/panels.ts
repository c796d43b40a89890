import type { CardSideImage } from '../../../drivers/printer/interface.js';
import type { SideLayers } from './side.js';

/** Resin black where the k layer's coverage reaches half a dot. */
const K_THRESHOLD = 128;

export interface SidePanels {
  image: CardSideImage;
  /** What the printed side looks like (RGBA): colour, white under k, then k in black. */
  preview: Uint8ClampedArray;
}

/**
 * Splits a side into printer planes: RGB for the colour panels (white wherever k prints, in the
 * clear zones and on the chip), a binary k mask, and an overlay that leaves the chip contacts bare.
 */
export function composePanels(layers: SideLayers, width: number, height: number): SidePanels {
  const c = layers.colour.getContext('2d').getImageData(0, 0, width, height).data;
  const kd = layers.k.getContext('2d').getImageData(0, 0, width, height).data;
  const n = width * height;
  const rgb = new Uint8Array(n * 3);
  const k = new Uint8Array(n);
  const overlay = new Uint8Array(n).fill(1);
  const preview = new Uint8ClampedArray(n * 4);

  const whiteOut = new Uint8Array(n);
  const mark = (r: { x: number; y: number; width: number; height: number }, plane: Uint8Array): void => {
    const x0 = Math.max(0, Math.floor(r.x));
    const y0 = Math.max(0, Math.floor(r.y));
    const x1 = Math.min(width, Math.ceil(r.x + r.width));
    const y1 = Math.min(height, Math.ceil(r.y + r.height));
    for (let y = y0; y < y1; y++) plane.fill(1, y * width + x0, y * width + x1);
  };
  for (const r of layers.clear) mark(r, whiteOut);
  if (layers.chip) mark(layers.chip, whiteOut);

  for (let i = 0, j = 0, q = 0; i < n; i++, j += 3, q += 4) {
    const inked = kd[q + 3]! >= K_THRESHOLD;
    if (inked) {
      k[i] = 1;
      rgb[j] = rgb[j + 1] = rgb[j + 2] = 255;
      preview[q] = preview[q + 1] = preview[q + 2] = 0;
    } else if (whiteOut[i]) {
      rgb[j] = rgb[j + 1] = rgb[j + 2] = 255;
      preview[q] = preview[q + 1] = preview[q + 2] = 255;
    } else {
      rgb[j] = preview[q] = c[q]!;
      rgb[j + 1] = preview[q + 1] = c[q + 1]!;
      rgb[j + 2] = preview[q + 2] = c[q + 2]!;
    }
    preview[q + 3] = 255;
  }
  if (layers.chip) {
    const chipMask = new Uint8Array(n);
    mark(layers.chip, chipMask);
    for (let i = 0; i < n; i++)
      if (chipMask[i]) {
        overlay[i] = 0;
        k[i] = 0;
        preview[i * 4] = 214;
        preview[i * 4 + 1] = 178;
        preview[i * 4 + 2] = 92; // gold contacts in the preview only
      }
  }
  return { image: { width, height, rgb, k, overlay }, preview };
}
