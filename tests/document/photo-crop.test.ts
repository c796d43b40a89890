import { createCanvas, Image } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { processPhoto } from '../../gateway/photo/index.js';
import { produceCard } from '../../gateway/document/render/index.js';
import { loadTemplate } from '../../gateway/document/render/template.js';
import { createSpecimenSigner } from '../../gateway/document/seal/specimen-signer.js';
import { faceJpeg, person, pngPixels } from './card-helpers.js';

/**
 * Issue 14.3: the photo the operator approved is the photo printed, previewed and written to
 * DG2: one crop, made at capture, never tightened again at render.
 */
type Pixels = { width: number; height: number; data: Uint8ClampedArray };

/** The approved picture scaled into w × h by an independent canvas, as RGBA. */
function scaled(jpeg: Uint8Array, w: number, h: number): Pixels {
  const img = new Image();
  img.src = Buffer.from(jpeg);
  const c = createCanvas(w, h);
  const g = c.getContext('2d');
  g.imageSmoothingQuality = 'high';
  g.drawImage(img, 0, 0, w, h);
  return { width: w, height: h, data: g.getImageData(0, 0, w, h).data };
}

/** Mean absolute difference per channel over the inner part (a 4-dot inset skips the frame). */
function meanDiff(a: Pixels, get: (x: number, y: number, c: number) => number, inset = 4): number {
  let sum = 0;
  let n = 0;
  for (let y = inset; y < a.height - inset; y++)
    for (let x = inset; x < a.width - inset; x++)
      for (let c = 0; c < 3; c++) {
        sum += Math.abs(a.data[(y * a.width + x) * 4 + c]! - get(x, y, c));
        n++;
      }
  return sum / n;
}

let approved: Uint8Array;
let card: Awaited<ReturnType<typeof produceCard>>;
const t = loadTemplate();
const win = t.front.photo!;

beforeAll(async () => {
  approved = new Uint8Array((await processPhoto(faceJpeg())).cardJpeg);
  card = await produceCard(
    { person: person('romanian-diacritics'), photoJpeg: approved },
    // The operator's preview is a specimen: its mark must leave the photo as printed.
    { signer: (await createSpecimenSigner()) as never, specimen: true },
  );
}, 60_000);

describe('the approved photo is the printed photo', () => {
  it('prints the approved crop in the photo window, not a tighter one', () => {
    const want = scaled(approved, win.width, win.height);
    const front = card.image.front;
    const printed = (x: number, y: number, c: number) =>
      front.rgb[((win.y + y) * front.width + win.x + x) * 3 + c]!;
    // JPEG and resampling differ by a few levels; a second crop moves whole features (~40).
    expect(meanDiff(want, printed)).toBeLessThan(8);
  });

  it('shows it in the (specimen) preview exactly as printed', () => {
    const preview = pngPixels(card.previews.front);
    const front = card.image.front;
    const region: Pixels = {
      width: win.width,
      height: win.height,
      data: new Uint8ClampedArray(win.width * win.height * 4),
    };
    for (let y = 0; y < win.height; y++)
      for (let x = 0; x < win.width; x++)
        for (let c = 0; c < 4; c++)
          region.data[(y * win.width + x) * 4 + c] =
            preview.data[((win.y + y) * preview.width + win.x + x) * 4 + c]!;
    expect(
      meanDiff(region, (x, y, c) => front.rgb[((win.y + y) * front.width + win.x + x) * 3 + c]!, 0),
    ).toBe(0);
  });

  it('writes the same crop to DG2', () => {
    const dg2 = new Image();
    dg2.src = Buffer.from(card.chip.dg2);
    const want = scaled(approved, dg2.width, dg2.height);
    const chip = scaled(card.chip.dg2, dg2.width, dg2.height);
    expect(meanDiff(want, (x, y, c) => chip.data[(y * chip.width + x) * 4 + c]!)).toBeLessThan(10);
  });
});
