import { CARD_HEIGHT, CARD_WIDTH } from '../interface.js';
import { PANEL_WIDTH } from '../evolis/bitmap-codec.js';
import type { EmulatedSide } from './printer-model.js';
import { rgbaPng } from '../rgba-png.js';

/**
 * What the printed side looks like: white card, colour panels subtract their ink (y from blue,
 * m from green, c from red), k prints black over them; overlay is clear varnish (not drawn).
 * Turned back from the printer buffer to the landscape card.
 */
export function compositeSide(side: EmulatedSide): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(CARD_WIDTH * CARD_HEIGHT * 4).fill(255);
  for (const p of side.panels) {
    const max = p.levels - 1;
    const channel = p.panel === 'c' ? 0 : p.panel === 'm' ? 1 : p.panel === 'y' ? 2 : -1;
    if (channel < 0 && p.panel !== 'k') continue;
    const v = p.values;
    for (let y = 0; y < CARD_HEIGHT; y++) {
      let b = PANEL_WIDTH - 1 - y;
      let o = y * CARD_WIDTH * 4;
      for (let x = 0; x < CARD_WIDTH; x++, b += PANEL_WIDTH, o += 4) {
        const ink = v[b]!;
        if (ink === 0) continue;
        if (channel >= 0) rgba[o + channel] = rgba[o + channel]! - Math.round((ink * 255) / max);
        else {
          const k = 255 - Math.round((ink * 255) / max);
          rgba[o] = Math.min(rgba[o]!, k);
          rgba[o + 1] = Math.min(rgba[o + 1]!, k);
          rgba[o + 2] = Math.min(rgba[o + 2]!, k);
        }
      }
    }
  }
  return rgba;
}

export function sidePng(side: EmulatedSide): Promise<Buffer> {
  return rgbaPng(CARD_WIDTH, CARD_HEIGHT, (px) => px.set(compositeSide(side)));
}

/** One panel as a grey PNG in the printer's orientation (648 × 1016), for `decode --out`. */
export async function panelPng(
  values: Uint8Array,
  levels: number,
  width: number,
  height: number,
): Promise<Buffer> {
  const max = levels - 1;
  return rgbaPng(width, height, (px) => {
    for (let i = 0; i < values.length; i++) {
      const g = 255 - Math.round((values[i]! * 255) / max);
      px[i * 4] = px[i * 4 + 1] = px[i * 4 + 2] = g;
      px[i * 4 + 3] = 255;
    }
  });
}
