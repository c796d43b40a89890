import type { CardSideImage } from '../../../drivers/printer/interface.js';
import { rgbaPng } from '../../../drivers/printer/rgba-png.js';

/** The planes of a side as pictures (for people checking a job): colour, k mask and overlay. */
export async function panelPngs(side: CardSideImage): Promise<{ rgb: Buffer; k: Buffer; overlay: Buffer }> {
  const { width, height } = side;
  const n = width * height;
  const encode = (fill: (px: Uint8ClampedArray) => void): Promise<Buffer> => rgbaPng(width, height, fill);
  const mask = (plane: Uint8Array) => (px: Uint8ClampedArray) => {
    for (let i = 0; i < n; i++) {
      const v = plane[i] ? 0 : 255;
      px[i * 4] = px[i * 4 + 1] = px[i * 4 + 2] = v;
      px[i * 4 + 3] = 255;
    }
  };
  const [rgb, k, overlay] = await Promise.all([
    encode((px) => {
      for (let i = 0; i < n; i++) {
        px[i * 4] = side.rgb[i * 3]!;
        px[i * 4 + 1] = side.rgb[i * 3 + 1]!;
        px[i * 4 + 2] = side.rgb[i * 3 + 2]!;
        px[i * 4 + 3] = 255;
      }
    }),
    encode(mask(side.k)),
    encode(mask(side.overlay)),
  ]);
  return { rgb, k, overlay };
}
