import type { CardSideImage } from '../interface.js';
import {
  bitsForLevels,
  compressDotsLine,
  compressLine1bit,
  LINE_BYTES_1BIT,
  packPlain,
  PANEL_DOTS,
  PANEL_HEIGHT,
  PANEL_WIDTH,
  plainSize,
  type Levels,
  type PanelName,
} from './bitmap-codec.js';

interface Scratch {
  values: Uint8Array[];
  out: Uint8Array[];
  kPacked: Uint8Array;
  oPacked: Uint8Array;
  kOut: Uint8Array;
  oOut: Uint8Array;
}
let scratch: Scratch | null = null;
function scratchBuffers(): Scratch {
  scratch ??= {
    values: [0, 1, 2].map(() => new Uint8Array(PANEL_DOTS)),
    out: [0, 1, 2].map(() => new Uint8Array(PANEL_DOTS + PANEL_HEIGHT * 2)),
    kPacked: new Uint8Array(PANEL_HEIGHT * LINE_BYTES_1BIT),
    oPacked: new Uint8Array(PANEL_HEIGHT * LINE_BYTES_1BIT),
    kOut: new Uint8Array(PANEL_HEIGHT * (LINE_BYTES_1BIT + 1)),
    oOut: new Uint8Array(PANEL_HEIGHT * (LINE_BYTES_1BIT + 1)),
  };
  return scratch;
}

export interface FastPanel {
  panel: PanelName;
  levels: Levels;
  compressed: boolean;
  data: Uint8Array;
}

/**
 * All panels of one side in a single pass over the card, in printer-buffer order (rotation on
 * the fly), each buffer line compressed while it is still in cache. Gives exactly the bytes of
 * the panel-by-panel path (panels.ts), about five times faster: the common case of every card.
 * Colour panels at 32/64/128 levels, k and o at 2 levels; `forcePlain`-free (auto or compressed).
 */
export function encodeSideFast(
  side: CardSideImage,
  panels: PanelName[],
  colourLevels: Exclude<Levels, 2>,
  mode: 'auto' | 'compressed',
): FastPanel[] {
  const { rgb, k, overlay, width } = side;
  const want = new Set(panels);
  const monochrome = !want.has('y') && !want.has('m') && !want.has('c');
  const bits = bitsForLevels(colourLevels) as 5 | 6 | 7;
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.round(((255 - v) * (colourLevels - 1)) / 255);

  const colour = (['y', 'm', 'c'] as const).filter((p) => want.has(p));
  const channelOf = { y: 2, m: 1, c: 0 } as const;
  // Scratch reused between cards (every byte is rewritten); results are copied out.
  const sc = scratchBuffers();
  const values = colour.map((p) => sc.values[channelOf[p]]!);
  const cOut = colour.map((p) => sc.out[channelOf[p]]!);
  const cLen = colour.map(() => 0);
  const wantK = want.has('k');
  const wantO = want.has('o');
  const { kPacked, oPacked, kOut, oOut } = sc;
  let kLen = 0;
  let oLen = 0;

  // Tiles of TILE buffer lines (card columns): reads run along card rows, writes stay in cache.
  const TILE = 16;
  const kv = new Uint8Array(TILE * PANEL_WIDTH);
  const ov = new Uint8Array(TILE * PANEL_WIDTH);
  const yv = sc.values[2]!;
  const mv = sc.values[1]!;
  const cv = sc.values[0]!;
  for (let x0 = 0; x0 < PANEL_HEIGHT; x0 += TILE) {
    const lines = Math.min(TILE, PANEL_HEIGHT - x0);
    rotateTile(rgb, k, overlay, width, x0, lines, table, monochrome, cv, mv, yv, kv, ov);
    for (let j = 0; j < lines; j++) {
      const line = x0 + j;
      const base = line * PANEL_WIDTH;
      const pbase = line * LINE_BYTES_1BIT;
      for (let c = 0; c < colour.length; c++)
        cLen[c] = compressDotsLine(values[c]!, base, bits, cOut[c]!, cLen[c]!);
      const t0 = j * PANEL_WIDTH;
      for (let q = 0; q < LINE_BYTES_1BIT; q++) {
        const t = t0 + q * 8;
        kPacked[pbase + q] =
          (kv[t]! << 7) |
          (kv[t + 1]! << 6) |
          (kv[t + 2]! << 5) |
          (kv[t + 3]! << 4) |
          (kv[t + 4]! << 3) |
          (kv[t + 5]! << 2) |
          (kv[t + 6]! << 1) |
          kv[t + 7]!;
        oPacked[pbase + q] =
          (ov[t]! << 7) |
          (ov[t + 1]! << 6) |
          (ov[t + 2]! << 5) |
          (ov[t + 3]! << 4) |
          (ov[t + 4]! << 3) |
          (ov[t + 5]! << 2) |
          (ov[t + 6]! << 1) |
          ov[t + 7]!;
      }
      if (wantK) kLen = compressLine1bit(kPacked, pbase, kOut, kLen);
      if (wantO) oLen = compressLine1bit(oPacked, pbase, oOut, oLen);
    }
  }

  const pick = (
    panel: PanelName,
    levels: Levels,
    compressed: Uint8Array,
    len: number,
    plain: () => Uint8Array,
  ): FastPanel =>
    mode === 'compressed' || len <= plainSize(levels)
      ? { panel, levels, compressed: true, data: compressed.slice(0, len) }
      : { panel, levels, compressed: false, data: plain() };

  return panels.map((panel) => {
    if (panel === 'k') return pick('k', 2, kOut, kLen, () => kPacked.slice());
    if (panel === 'o') return pick('o', 2, oOut, oLen, () => oPacked.slice());
    const c = colour.indexOf(panel);
    return pick(panel, colourLevels, cOut[c]!, cLen[c]!, () => packPlain(values[c]!, colourLevels));
  });
}

/**
 * Card columns x0 .. x0+lines-1 → buffer lines: colour values into the panels, k and o bits
 * into per-tile scratch. A separate small function so V8 optimises it on its own.
 */
function rotateTile(
  rgb: Uint8Array,
  k: Uint8Array,
  overlay: Uint8Array,
  width: number,
  x0: number,
  lines: number,
  table: Uint8Array,
  monochrome: boolean,
  cv: Uint8Array,
  mv: Uint8Array,
  yv: Uint8Array,
  kv: Uint8Array,
  ov: Uint8Array,
): void {
  for (let d = 0; d < PANEL_WIDTH; d++) {
    const row = (PANEL_WIDTH - 1 - d) * width + x0;
    let at = x0 * PANEL_WIDTH + d;
    let t = d;
    for (let j = 0; j < lines; j++, at += PANEL_WIDTH, t += PANEL_WIDTH) {
      const i = row + j;
      const p = i * 3;
      ov[t] = overlay[i] === 0 ? 0 : 1;
      if (k[i] !== 0) {
        cv[at] = 0;
        mv[at] = 0;
        yv[at] = 0;
        kv[t] = 1;
        continue;
      }
      const r = rgb[p] as number;
      const g = rgb[p + 1] as number;
      const b = rgb[p + 2] as number;
      cv[at] = table[r] as number;
      mv[at] = table[g] as number;
      yv[at] = table[b] as number;
      kv[t] = monochrome && (r * 77 + g * 150 + b * 29) >> 8 < 128 ? 1 : 0;
    }
  }
}
