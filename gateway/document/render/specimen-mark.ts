import { createCanvas } from '@napi-rs/canvas';
import type { CardSideImage } from '../../../drivers/printer/interface.js';
import { fontFamily } from './fonts.js';
import { previewPixels } from './panels.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The mark's colour: a strong red no card artwork uses, at a strength that leaves the card readable. */
const MARK = 'rgba(200, 0, 0, 0.45)';

/**
 * PNG of a side as printed, with SPECIMEN written across it: every preview carries the mark,
 * so a preview image is never mistaken for (or printed as) a card. `keepClear` (the seal) is
 * left unmarked so the specimen seal still reads, and shows as a specimen's.
 */
export async function specimenPng(side: CardSideImage, keepClear: Rect[] = []): Promise<Buffer> {
  const { width, height } = side;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const img = g.createImageData(width, height);
  img.data.set(previewPixels(side));
  g.putImageData(img, 0, 0);
  g.save();
  // The whole side minus the places to keep clear, as an even-odd clip.
  g.beginPath();
  g.rect(0, 0, width, height);
  for (const r of keepClear) g.rect(r.x, r.y, r.width, r.height);
  g.clip('evenodd');
  g.translate(width / 2, height / 2);
  g.rotate(-Math.atan2(height, width));
  g.fillStyle = MARK;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.font = `${Math.round(height * 0.3)}px "${fontFamily('sansBold')}"`;
  g.fillText('SPECIMEN', 0, 0, Math.hypot(width, height) * 0.8);
  g.restore();
  // A band along the top edge too, for a crop that cuts the diagonal.
  g.fillStyle = MARK;
  g.font = `${Math.round(height * 0.05)}px "${fontFamily('sansBold')}"`;
  g.textAlign = 'left';
  g.textBaseline = 'top';
  g.fillText('SPECIMEN · PREVIEW · NOT A DOCUMENT', 12, 4);
  return canvas.encode('png');
}
