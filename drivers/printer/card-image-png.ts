import { CARD_HEIGHT, CARD_WIDTH, type CardSideImage } from './interface.js';

export class CardPictureError extends Error {
  readonly code = 'CARD_PICTURE_INVALID';
}

/**
 * A picture file (PNG/JPEG) → one card side: scaled to the card (1016 × 648, landscape; a
 * portrait picture is turned a quarter first), RGB artwork, empty k mask, overlay all over.
 * For a k-only ribbon the driver prints dark pixels as resin.
 */
export async function cardSideFromPicture(file: string | Buffer): Promise<CardSideImage> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  let img;
  try {
    img = await loadImage(file);
  } catch (e) {
    throw new CardPictureError(`cannot read picture: ${(e as Error).message}`);
  }
  const canvas = createCanvas(CARD_WIDTH, CARD_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
  if (img.height > img.width) {
    ctx.translate(CARD_WIDTH, 0);
    ctx.rotate(Math.PI / 2);
    ctx.drawImage(img, 0, 0, CARD_HEIGHT, CARD_WIDTH);
  } else {
    ctx.drawImage(img, 0, 0, CARD_WIDTH, CARD_HEIGHT);
  }
  const data = ctx.getImageData(0, 0, CARD_WIDTH, CARD_HEIGHT).data;
  const rgb = new Uint8Array(CARD_WIDTH * CARD_HEIGHT * 3);
  for (let i = 0, o = 0; i < data.length; i += 4, o += 3) {
    rgb[o] = data[i]!;
    rgb[o + 1] = data[i + 1]!;
    rgb[o + 2] = data[i + 2]!;
  }
  return {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    rgb,
    k: new Uint8Array(CARD_WIDTH * CARD_HEIGHT),
    overlay: new Uint8Array(CARD_WIDTH * CARD_HEIGHT).fill(1),
  };
}
