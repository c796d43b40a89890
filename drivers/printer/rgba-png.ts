/**
 * Pixels as a PNG: `fill` writes the RGBA bytes of a width × height picture, the canvas library
 * encodes it. The library is loaded only when a PNG is asked for (the station's memory stays
 * without it until then). One place for the emulator's job pictures and the card previews.
 */
export async function rgbaPng(
  width: number,
  height: number,
  fill: (rgba: Uint8ClampedArray) => void,
): Promise<Buffer> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(width, height);
  fill(img.data);
  ctx.putImageData(img, 0, 0);
  return canvas.encode('png');
}
