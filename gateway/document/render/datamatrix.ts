import type { SKRSContext2D } from '@napi-rs/canvas';
import { encodeEcc200 } from './ecc200.js';
import { LITTLE_ENDIAN } from './rgb.js';

export interface ModuleMatrix {
  columns: number;
  rows: number;
  /** Row-major, 1 = dark module. */
  dark: ArrayLike<number>;
}

/** The DataMatrix modules of binary data (ECC 200, Base 256, smallest square symbol that holds it). */
export function dataMatrixModules(bytes: Uint8Array): ModuleMatrix {
  const s = encodeEcc200(bytes);
  return { columns: s.size, rows: s.size, dark: s.modules };
}

/**
 * Draws the symbol centred in a square box, with whole-dot modules and at least `quietModules`
 * light modules around it (the box itself must stay free of any ink).
 */
export function drawDataMatrix(
  g: SKRSContext2D,
  bytes: Uint8Array,
  box: { x: number; y: number; size: number; quietModules: number },
): { moduleSize: number; x: number; y: number; side: number } {
  const m = dataMatrixModules(bytes);
  const span = Math.max(m.columns, m.rows) + 2 * box.quietModules;
  const moduleSize = Math.floor(box.size / span);
  if (moduleSize < 2) throw new Error(`seal box too small: ${span} modules in ${box.size} dots`);
  const x0 = Math.round(box.x + (box.size - m.columns * moduleSize) / 2);
  const y0 = Math.round(box.y + (box.size - m.rows * moduleSize) / 2);
  // One putImageData of the whole symbol instead of a fillRect per dark module (~1,000 native
  // calls, over a millisecond a card). Modules are whole dots on a cleared box, so the pixels are
  // the same: opaque black for dark modules, untouched (transparent) for light ones.
  const w = m.columns * moduleSize;
  const h = m.rows * moduleSize;
  const img = g.createImageData(w, h);
  const px = new Uint32Array(img.data.buffer, img.data.byteOffset, w * h);
  const BLACK = LITTLE_ENDIAN ? 0xff000000 : 0x000000ff; // RGBA bytes 0, 0, 0, 255
  for (let r = 0; r < m.rows; r++)
    for (let c = 0; c < m.columns; c++) {
      if (!m.dark[r * m.columns + c]) continue;
      for (let dy = 0; dy < moduleSize; dy++) {
        const start = (r * moduleSize + dy) * w + c * moduleSize;
        px.fill(BLACK, start, start + moduleSize);
      }
    }
  g.putImageData(img, x0, y0);
  return { moduleSize, x: x0, y: y0, side: w };
}
