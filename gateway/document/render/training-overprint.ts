import { createCanvas } from '@napi-rs/canvas';
import type { CardImage, CardSideImage } from '../../../drivers/printer/interface.js';
import { fontFamily } from './fonts.js';
import type { Rect } from './specimen-mark.js';

/** The overprint's colour, printed by the colour panels: the red no card artwork uses. */
const INK: readonly [number, number, number] = [200, 0, 0];

/**
 * A training card carries SPECIMEN in large letters across both printed sides, in the printer's own
 * planes (not only in a preview), so a card made in training mode can never pass for a document
 * even before anyone scans its seal. The overprint goes into the colour panels and takes the resin
 * black off under its letters, so no text stays crisp through it; the seal box is left clear,
 * because a trainee's card must still scan (and then fail against the production CSCA).
 */
export function overprintSide(side: CardSideImage, keepClear: readonly Rect[]): CardSideImage {
  const { width, height } = side;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.translate(width / 2, height / 2);
  g.rotate(-Math.atan2(height, width));
  g.fillStyle = '#000';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.font = `${Math.round(height * 0.3)}px "${fontFamily('sansBold')}"`;
  g.fillText('SPECIMEN', 0, 0, Math.hypot(width, height) * 0.8);
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.font = `${Math.round(height * 0.06)}px "${fontFamily('sansBold')}"`;
  g.textAlign = 'left';
  g.textBaseline = 'top';
  g.fillText('TRAINING · SPECIMEN · NOT VALID', 12, height - Math.round(height * 0.08));
  const mask = g.getImageData(0, 0, width, height).data;
  const inClear = (x: number, y: number): boolean =>
    keepClear.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height);
  const rgb = side.rgb.slice();
  const k = side.k.slice();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i * 4 + 3]! < 128 || !side.overlay[i] || inClear(x, y)) continue;
      k[i] = 0;
      rgb[i * 3] = INK[0];
      rgb[i * 3 + 1] = INK[1];
      rgb[i * 3 + 2] = INK[2];
    }
  }
  return { ...side, rgb, k };
}

/** Both sides of a card with the training overprint. */
export function overprintTraining(image: CardImage, keepClear: { front: Rect[]; back: Rect[] }): CardImage {
  return {
    front: overprintSide(image.front, keepClear.front),
    ...(image.back ? { back: overprintSide(image.back, keepClear.back) } : {}),
  };
}
