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

  // Rotation in strips of LINE_STRIP buffer lines, eight dots (one k/o byte) at a time: reads
  // stream along eight card rows, writes stay in cache, and k/o are packed as they are read
  // (no per-dot 0/1 buffers and no separate packing pass). Then each line is compressed.
  const yv = sc.values[2]!;
  const mv = sc.values[1]!;
  const cv = sc.values[0]!;
  for (let x0 = 0; x0 < PANEL_HEIGHT; x0 += LINE_STRIP) {
    const xEnd = Math.min(PANEL_HEIGHT, x0 + LINE_STRIP);
    for (let d0 = 0; d0 < PANEL_WIDTH; d0 += 8)
      rotateOctets(rgb, k, overlay, width, x0, xEnd, d0, table, monochrome, cv, mv, yv, kPacked, oPacked);
  }
  for (let line = 0; line < PANEL_HEIGHT; line++) {
    const base = line * PANEL_WIDTH;
    const pbase = line * LINE_BYTES_1BIT;
    for (let c = 0; c < colour.length; c++)
      cLen[c] = compressDotsLine(values[c]!, base, bits, cOut[c]!, cLen[c]!);
    if (wantK) kLen = compressLine1bit(kPacked, pbase, kOut, kLen);
    if (wantO) oLen = compressLine1bit(oPacked, pbase, oOut, oLen);
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

/** Buffer lines per rotation strip: 128 lines × 648 dots × 3 colour panels stay in L2. */
const LINE_STRIP = 128;

/**
 * Buffer lines x0 .. xEnd-1 (card columns), dots d0 .. d0+7 (card rows 647-d0 upwards): colour
 * values, and one packed k byte and o byte per line. Kept as its own small function so V8
 * optimises the hot loop on its own.
 */
function rotateOctets(
  rgb: Uint8Array,
  k: Uint8Array,
  overlay: Uint8Array,
  width: number,
  x0: number,
  xEnd: number,
  d0: number,
  table: Uint8Array,
  monochrome: boolean,
  cv: Uint8Array,
  mv: Uint8Array,
  yv: Uint8Array,
  kPacked: Uint8Array,
  oPacked: Uint8Array,
): void {
  const q = d0 >> 3;
  const row0 = (PANEL_WIDTH - 1 - d0) * width;
  for (let x = x0; x < xEnd; x++) {
    let at = x * PANEL_WIDTH + d0;
    let i = row0 + x;
    let kb = 0;
    let ob = 0;
    // Dot d0 is the most significant bit of its byte.
    for (let bit = 7; bit >= 0; bit--, i -= width, at++) {
      if (overlay[i] !== 0) ob |= 1 << bit;
      if (k[i] !== 0) {
        cv[at] = 0;
        mv[at] = 0;
        yv[at] = 0;
        kb |= 1 << bit;
        continue;
      }
      const p = i * 3;
      const r = rgb[p] as number;
      const g = rgb[p + 1] as number;
      const b = rgb[p + 2] as number;
      cv[at] = table[r] as number;
      mv[at] = table[g] as number;
      yv[at] = table[b] as number;
      if (monochrome && (r * 77 + g * 150 + b * 29) >> 8 < 128) kb |= 1 << bit;
    }
    kPacked[x * LINE_BYTES_1BIT + q] = kb;
    oPacked[x * LINE_BYTES_1BIT + q] = ob;
  }
}
