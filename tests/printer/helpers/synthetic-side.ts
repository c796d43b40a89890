import { CARD_HEIGHT, CARD_WIDTH, type CardSideImage } from '../../../drivers/printer/interface.js';

/**
 * A card side whose every dot is known by formula, so tests can say what each panel must hold
 * without asking the driver: R = x·255/1015, G = y·255/647, B = (x + y) mod 256; k: a box at
 * x 100–199, y 50–89; overlay everywhere but x 400–519, y 250–349 (the chip window).
 */
export const rgbAt = (x: number, y: number): [number, number, number] => [
  Math.round((x * 255) / (CARD_WIDTH - 1)),
  Math.round((y * 255) / (CARD_HEIGHT - 1)),
  (x + y) % 256,
];
export const kAt = (x: number, y: number): boolean => x >= 100 && x < 200 && y >= 50 && y < 90;
export const overlayAt = (x: number, y: number): boolean => !(x >= 400 && x < 520 && y >= 250 && y < 350);

export function syntheticSide(): CardSideImage {
  const rgb = new Uint8Array(CARD_WIDTH * CARD_HEIGHT * 3);
  const k = new Uint8Array(CARD_WIDTH * CARD_HEIGHT);
  const overlay = new Uint8Array(CARD_WIDTH * CARD_HEIGHT);
  for (let y = 0; y < CARD_HEIGHT; y++)
    for (let x = 0; x < CARD_WIDTH; x++) {
      const i = y * CARD_WIDTH + x;
      rgb.set(rgbAt(x, y), i * 3);
      k[i] = kAt(x, y) ? 1 : 0;
      overlay[i] = overlayAt(x, y) ? 1 : 0;
    }
  return { width: CARD_WIDTH, height: CARD_HEIGHT, rgb, k, overlay };
}

/**
 * The value the printer must hold for a panel at buffer (line, dot), worked out from the card
 * formula: line = card x, dot = 647 − card y; colour ink = 255 − channel, none under k.
 */
export function expectedDot(panel: string, levels: number, line: number, dot: number): number {
  const x = line;
  const y = CARD_HEIGHT - 1 - dot;
  let ink: number;
  if (panel === 'k') ink = kAt(x, y) ? 255 : 0;
  else if (panel === 'o') ink = overlayAt(x, y) ? 255 : 0;
  else {
    const [r, g, b] = rgbAt(x, y);
    ink = kAt(x, y) ? 0 : 255 - (panel === 'y' ? b : panel === 'm' ? g : r);
  }
  if (levels === 2) return ink >= 128 ? 1 : 0;
  return Math.round((ink * (levels - 1)) / 255);
}

/** Whole expected panel (648 × 1016) from the formula. */
export function expectedPanel(panel: string, levels: number): Uint8Array {
  const out = new Uint8Array(648 * 1016);
  for (let line = 0; line < 1016; line++)
    for (let dot = 0; dot < 648; dot++) out[line * 648 + dot] = expectedDot(panel, levels, line, dot);
  return out;
}
