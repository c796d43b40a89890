import { createCanvas, type Image } from '@napi-rs/canvas';
import { CardgateError } from '../../core/errors.js';
import { fitCrop, ICAO_ASPECT } from './photo.js';

export const DEFAULT_DG2_BUDGET = 12_000;

/**
 * The chip's face image: the approved portrait (the same fit as the printed one) as JPEG, at the
 * best quality that fits the byte budget (binary search on quality; smaller pixels only if even
 * the lowest quality does not fit).
 */
export async function faceJpegWithinBudget(photo: Image, budget = DEFAULT_DG2_BUDGET): Promise<Uint8Array> {
  const c = fitCrop(photo.width, photo.height);
  let width = Math.min(360, Math.round(c.sw));
  for (let attempt = 0; attempt < 4; attempt++, width = Math.round(width * 0.8)) {
    const height = Math.round(width / ICAO_ASPECT);
    const canvas = createCanvas(width, height);
    canvas.getContext('2d').drawImage(photo, c.sx, c.sy, c.sw, c.sh, 0, 0, width, height);
    let lo = 10;
    let hi = 95;
    let best: Buffer | null = null;
    while (lo <= hi) {
      const q = Math.floor((lo + hi) / 2);
      const jpeg = await canvas.encode('jpeg', q);
      if (jpeg.length <= budget) {
        best = jpeg;
        lo = q + 1;
      } else hi = q - 1;
    }
    if (best) return new Uint8Array(best);
  }
  throw new CardgateError('PHOTO_TOO_LARGE', `the face image does not fit ${budget} bytes`, { status: 400 });
}
