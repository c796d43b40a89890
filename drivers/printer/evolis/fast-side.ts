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
  kDots: Uint8Array;
  oDots: Uint8Array;
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
    kDots: new Uint8Array(PANEL_DOTS),
    oDots: new Uint8Array(PANEL_DOTS),
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

  // Rotation in 2-D blocks (BLOCK card rows × all columns): reads stream along card rows and
  // the block's writes stay in cache. Then one pass per buffer line compresses and packs.
  const yv = sc.values[2]!;
  const mv = sc.values[1]!;
  const cv = sc.values[0]!;
  const kv = sc.kDots;
  const ov = sc.oDots;
  const BLOCK = 24; // 648 = 27 × 24; 1016 = 42 × 24 + 8
  for (let d0 = 0; d0 < PANEL_WIDTH; d0 += BLOCK)
    for (let x0 = 0; x0 < PANEL_HEIGHT; x0 += BLOCK)
      rotateBlock(
        rgb,
        k,
        overlay,
        width,
        x0,
        Math.min(BLOCK, PANEL_HEIGHT - x0),
        d0,
        Math.min(BLOCK, PANEL_WIDTH - d0),
        table,
        monochrome,
        cv,
        mv,
        yv,
        kv,
        ov,
      );
  for (let line = 0; line < PANEL_HEIGHT; line++) {
    const base = line * PANEL_WIDTH;
    const pbase = line * LINE_BYTES_1BIT;
    for (let c = 0; c < colour.length; c++)
      cLen[c] = compressDotsLine(values[c]!, base, bits, cOut[c]!, cLen[c]!);
    if (wantK) {
      packLine(kv, base, kPacked, pbase);
      kLen = compressLine1bit(kPacked, pbase, kOut, kLen);
    }
    if (wantO) {
      packLine(ov, base, oPacked, pbase);
      oLen = compressLine1bit(oPacked, pbase, oOut, oLen);
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

/** Dot values (0/1) of one buffer line → 81 packed bytes. */
function packLine(dots: Uint8Array, base: number, out: Uint8Array, pbase: number): void {
  for (let q = 0; q < LINE_BYTES_1BIT; q++) {
    const t = base + q * 8;
    out[pbase + q] =
      ((dots[t] as number) << 7) |
      ((dots[t + 1] as number) << 6) |
      ((dots[t + 2] as number) << 5) |
      ((dots[t + 3] as number) << 4) |
      ((dots[t + 4] as number) << 3) |
      ((dots[t + 5] as number) << 2) |
      ((dots[t + 6] as number) << 1) |
      (dots[t + 7] as number);
  }
}

/**
 * One tile: buffer lines x0 .. x0+xCount-1 (card columns), dots d0 .. d0+count-1 (card rows
 * 647-d0 downwards): colour values, k and o dots. A separate small function so V8 optimises it on its own.
 */
function rotateBlock(
  rgb: Uint8Array,
  k: Uint8Array,
  overlay: Uint8Array,
  width: number,
  x0: number,
  xCount: number,
  d0: number,
  count: number,
  table: Uint8Array,
  monochrome: boolean,
  cv: Uint8Array,
  mv: Uint8Array,
  yv: Uint8Array,
  kv: Uint8Array,
  ov: Uint8Array,
): void {
  for (let dd = 0; dd < count; dd++) {
    const d = d0 + dd;
    const row = (PANEL_WIDTH - 1 - d) * width;
    for (let x = x0, end = x0 + xCount; x < end; x++) {
      const i = row + x;
      const at = x * PANEL_WIDTH + d;
      const p = i * 3;
      ov[at] = overlay[i] === 0 ? 0 : 1;
      if (k[i] !== 0) {
        cv[at] = 0;
        mv[at] = 0;
        yv[at] = 0;
        kv[at] = 1;
        continue;
      }
      const r = rgb[p] as number;
      const g = rgb[p + 1] as number;
      const b = rgb[p + 2] as number;
      cv[at] = table[r] as number;
      mv[at] = table[g] as number;
      yv[at] = table[b] as number;
      kv[at] = monochrome && (r * 77 + g * 150 + b * 29) >> 8 < 128 ? 1 : 0;
    }
  }
}
