import type { CardSideImage } from '../interface.js';
import { encodeSideFast } from './fast-side.js';
import {
  encodePanel,
  PANEL_DOTS,
  PANEL_HEIGHT,
  PANEL_WIDTH,
  type Levels,
  type PanelName,
} from './bitmap-codec.js';

/**
 * From the vendor-neutral card side (landscape 1016 × 648, RGB + k mask + overlay) to the
 * printer's panels: rotated into the 648 × 1016 buffer, colour as ink amounts, k crisp.
 *
 * Rotation: card column x becomes buffer line x; card row y becomes buffer dot 647 − y
 * (the card turned a quarter clockwise, its long side running down the lines).
 */
export function bufferIndex(cardX: number, cardY: number): number {
  return cardX * PANEL_WIDTH + (PANEL_WIDTH - 1 - cardY);
}

/** Panels a side gets from a ribbon, in the order the printer consumes them (y, m, c, k, o). */
export function panelsForRibbon(ribbon: string, side: 'front' | 'back'): PanelName[] {
  const r = ribbon.toLowerCase();
  // Two-panel-set ribbons carry a second k (and maybe o) for the back: YMCKO-K, YMCKO-KO.
  if (side === 'back') {
    if (r === 'ymckok') return ['k'];
    if (r === 'ymckoko') return ['k', 'o'];
  }
  const order: PanelName[] = ['y', 'm', 'c', 'k', 'o'];
  const panels = order.filter((p) => r.includes(p));
  // kb/kw/kr… are monochrome ribbons printed as the k panel.
  return panels.length ? panels : ['k'];
}

export interface EncodedPanel {
  panel: PanelName;
  levels: Levels;
  compressed: boolean;
  data: Uint8Array;
}

export interface PanelEncodeOptions {
  /** Levels of the y/m/c panels (32, 64 or 128). */
  colourLevels?: Levels;
  /** Levels per panel, overriding the defaults (k and o are 1-bit by default). */
  levels?: Partial<Record<PanelName, Levels>>;
  mode?: 'auto' | 'plain' | 'compressed';
}

const scaleTable = (levels: Levels): Uint8Array => {
  const t = new Uint8Array(256);
  for (let v = 0; v < 256; v++) t[v] = Math.round((v * (levels - 1)) / 255);
  return t;
};

/**
 * Ink amounts (0..255 a dot, rotated) of one panel. `monochrome`: the side is printed with only
 * a k panel, so dark artwork pixels become resin too.
 */
export function panelInk(side: CardSideImage, panel: PanelName, monochrome: boolean): Uint8Array {
  const { width, height, rgb, k, overlay } = side;
  if (width !== PANEL_HEIGHT || height !== PANEL_WIDTH)
    throw new RangeError(`card side must be ${PANEL_HEIGHT}×${PANEL_WIDTH}, got ${width}×${height}`);
  const out = new Uint8Array(PANEL_DOTS);
  const channel = panel === 'y' ? 2 : panel === 'm' ? 1 : panel === 'c' ? 0 : -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let b = PANEL_WIDTH - 1 - y;
    for (let x = 0; x < width; x++, b += PANEL_WIDTH) {
      const i = row + x;
      if (channel >= 0) {
        out[b] = k[i] ? 0 : 255 - rgb[i * 3 + channel]!;
      } else if (panel === 'k') {
        if (k[i]) out[b] = 255;
        else if (monochrome) {
          const luma = (rgb[i * 3]! * 77 + rgb[i * 3 + 1]! * 150 + rgb[i * 3 + 2]! * 29) >> 8;
          out[b] = luma < 128 ? 255 : 0;
        }
      } else {
        out[b] = overlay[i] ? 255 : 0;
      }
    }
  }
  return out;
}

/** Ink amounts → dot values at a level count (1-bit: ink from half up). */
export function quantize(ink: Uint8Array, levels: Levels): Uint8Array {
  const t = levels === 2 ? null : scaleTable(levels);
  const out = new Uint8Array(ink.length);
  if (!t) for (let i = 0; i < ink.length; i++) out[i] = ink[i]! >= 128 ? 1 : 0;
  else for (let i = 0; i < ink.length; i++) out[i] = t[ink[i]!]!;
  return out;
}

export function levelsFor(panel: PanelName, opts: PanelEncodeOptions): Levels {
  return (
    opts.levels?.[panel] ?? (panel === 'y' || panel === 'm' || panel === 'c' ? (opts.colourLevels ?? 32) : 2)
  );
}

/**
 * Panels of one side, encoded one at a time as the caller pulls them, so the first panel goes on
 * the wire while the next is still being built.
 */
export function* encodeSide(
  side: CardSideImage,
  panels: PanelName[],
  opts: PanelEncodeOptions = {},
): Generator<EncodedPanel> {
  const monochrome = !panels.some((p) => p === 'y' || p === 'm' || p === 'c');
  const colourLevels = opts.colourLevels ?? 32;
  const fastOk =
    colourLevels !== 2 &&
    (opts.mode ?? 'auto') !== 'plain' &&
    panels.every((p) => levelsFor(p, opts) === (p === 'k' || p === 'o' ? 2 : colourLevels));
  if (fastOk) {
    yield* encodeSideFast(side, panels, colourLevels, opts.mode === 'compressed' ? 'compressed' : 'auto');
    return;
  }
  for (const panel of panels) {
    const levels = levelsFor(panel, opts);
    const values = quantize(panelInk(side, panel, monochrome), levels);
    const { compressed, data } = encodePanel(values, levels, opts.mode ?? 'auto');
    yield { panel, levels, compressed, data };
  }
}
