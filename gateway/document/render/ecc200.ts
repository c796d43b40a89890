/**
 * DataMatrix ECC 200 for binary data (ISO/IEC 16022): Base 256 encodation, Reed-Solomon over
 * GF(256), the standard module placement and the finder/timing patterns, square symbols up to
 * 132 × 132. Written here because bwip-js's general encoder took 100–140 ms per seal on this
 * machine, most of a card's time budget; this one takes well under a millisecond. zxing reads
 * its output back in the tests.
 */

interface SymbolSize {
  size: number;
  data: number;
  ecc: number;
  /** Side of one data region. */
  region: number;
  blocks: number;
}

const SIZES: readonly SymbolSize[] = [
  { size: 10, data: 3, ecc: 5, region: 8, blocks: 1 },
  { size: 12, data: 5, ecc: 7, region: 10, blocks: 1 },
  { size: 14, data: 8, ecc: 10, region: 12, blocks: 1 },
  { size: 16, data: 12, ecc: 12, region: 14, blocks: 1 },
  { size: 18, data: 18, ecc: 14, region: 16, blocks: 1 },
  { size: 20, data: 22, ecc: 18, region: 18, blocks: 1 },
  { size: 22, data: 30, ecc: 20, region: 20, blocks: 1 },
  { size: 24, data: 36, ecc: 24, region: 22, blocks: 1 },
  { size: 26, data: 44, ecc: 28, region: 24, blocks: 1 },
  { size: 32, data: 62, ecc: 36, region: 14, blocks: 1 },
  { size: 36, data: 86, ecc: 42, region: 16, blocks: 1 },
  { size: 40, data: 114, ecc: 48, region: 18, blocks: 1 },
  { size: 44, data: 144, ecc: 56, region: 20, blocks: 1 },
  { size: 48, data: 174, ecc: 68, region: 22, blocks: 1 },
  { size: 52, data: 204, ecc: 84, region: 24, blocks: 2 },
  { size: 64, data: 280, ecc: 112, region: 14, blocks: 2 },
  { size: 72, data: 368, ecc: 144, region: 16, blocks: 4 },
  { size: 80, data: 456, ecc: 192, region: 18, blocks: 4 },
  { size: 88, data: 576, ecc: 224, region: 20, blocks: 4 },
  { size: 96, data: 696, ecc: 272, region: 22, blocks: 4 },
  { size: 104, data: 816, ecc: 336, region: 24, blocks: 6 },
  { size: 120, data: 1050, ecc: 408, region: 18, blocks: 6 },
  { size: 132, data: 1304, ecc: 496, region: 20, blocks: 8 },
];

// GF(256) with the DataMatrix polynomial x^8 + x^5 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x12d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}
const gfMul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);

const generators = new Map<number, Uint8Array>();
/** Coefficients of ∏(x − α^i), i = 1..n, highest degree first. */
function generator(n: number): Uint8Array {
  let g = generators.get(n);
  if (g) return g;
  let poly = [1];
  for (let i = 1; i <= n; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] = next[j]! ^ poly[j]!;
      next[j + 1] = next[j + 1]! ^ gfMul(poly[j]!, EXP[i]!);
    }
    poly = next;
  }
  g = Uint8Array.from(poly);
  generators.set(n, g);
  return g;
}

function reedSolomon(data: ArrayLike<number>, n: number): Uint8Array {
  const g = generator(n);
  const ecc = new Uint8Array(n);
  for (let i = 0; i < data.length; i++) {
    const m = data[i]! ^ ecc[0]!;
    ecc.copyWithin(0, 1);
    ecc[n - 1] = 0;
    if (m !== 0) for (let j = 0; j < n; j++) ecc[j]! ^= gfMul(g[j + 1]!, m);
  }
  return ecc;
}

/** Base 256 codewords (latch, length, data) with the 255-state randomising, then pads. */
function codewords(bytes: Uint8Array): { cw: Uint8Array; sym: SymbolSize } {
  const n = bytes.length;
  const header = n <= 249 ? [n] : [Math.floor(n / 250) + 249, n % 250];
  const needed = 1 + header.length + n;
  const sym = SIZES.find((s) => s.data >= needed);
  if (!sym) throw new Error(`${n} bytes do not fit a DataMatrix up to 132 × 132`);
  const cw = new Uint8Array(sym.data);
  cw[0] = 231;
  const raw = [...header, ...bytes];
  for (let i = 0; i < raw.length; i++) {
    const pos = i + 2; // 1-based position of this codeword in the symbol
    const v = raw[i]! + ((149 * pos) % 255) + 1;
    cw[i + 1] = v <= 255 ? v : v - 256;
  }
  for (let i = needed; i < sym.data; i++) {
    if (i === needed) cw[i] = 129;
    else {
      const v = 129 + ((149 * (i + 1)) % 253) + 1;
      cw[i] = v <= 254 ? v : v - 254;
    }
  }
  return { cw, sym };
}

function withEcc(data: Uint8Array, sym: SymbolSize): Uint8Array {
  const out = new Uint8Array(sym.data + sym.ecc);
  out.set(data);
  const perBlock = sym.ecc / sym.blocks;
  for (let b = 0; b < sym.blocks; b++) {
    const block: number[] = [];
    for (let i = b; i < sym.data; i += sym.blocks) block.push(data[i]!);
    const ecc = reedSolomon(block, perBlock);
    for (let k = 0; k < perBlock; k++) out[sym.data + k * sym.blocks + b] = ecc[k]!;
  }
  return out;
}

const placements = new Map<number, Int32Array>();

/** The ECC 200 placement of Annex F: for each module, 10·codeword + bit (bit 1 = most significant), or 0/1. */
function placement(nrow: number, ncol: number): Int32Array {
  const key = nrow * 1000 + ncol;
  const hit = placements.get(key);
  if (hit) return hit;
  const a = new Int32Array(nrow * ncol).fill(-1);
  const mod = (row: number, col: number, chr: number, bit: number): void => {
    if (row < 0) {
      row += nrow;
      col += 4 - ((nrow + 4) % 8);
    }
    if (col < 0) {
      col += ncol;
      row += 4 - ((ncol + 4) % 8);
    }
    a[row * ncol + col] = 10 * chr + bit;
  };
  const utah = (row: number, col: number, chr: number): void => {
    mod(row - 2, col - 2, chr, 1);
    mod(row - 2, col - 1, chr, 2);
    mod(row - 1, col - 2, chr, 3);
    mod(row - 1, col - 1, chr, 4);
    mod(row - 1, col, chr, 5);
    mod(row, col - 2, chr, 6);
    mod(row, col - 1, chr, 7);
    mod(row, col, chr, 8);
  };
  const corner = (chr: number, cells: Array<[number, number]>): void =>
    cells.forEach(([r, c], i) => mod(r, c, chr, i + 1));
  let chr = 1;
  let row = 4;
  let col = 0;
  do {
    if (row === nrow && col === 0)
      corner(chr++, [
        [nrow - 1, 0],
        [nrow - 1, 1],
        [nrow - 1, 2],
        [0, ncol - 2],
        [0, ncol - 1],
        [1, ncol - 1],
        [2, ncol - 1],
        [3, ncol - 1],
      ]);
    if (row === nrow - 2 && col === 0 && ncol % 4 !== 0)
      corner(chr++, [
        [nrow - 3, 0],
        [nrow - 2, 0],
        [nrow - 1, 0],
        [0, ncol - 4],
        [0, ncol - 3],
        [0, ncol - 2],
        [0, ncol - 1],
        [1, ncol - 1],
      ]);
    if (row === nrow - 2 && col === 0 && ncol % 8 === 4)
      corner(chr++, [
        [nrow - 3, 0],
        [nrow - 2, 0],
        [nrow - 1, 0],
        [0, ncol - 2],
        [0, ncol - 1],
        [1, ncol - 1],
        [2, ncol - 1],
        [3, ncol - 1],
      ]);
    if (row === nrow + 4 && col === 2 && ncol % 8 === 0)
      corner(chr++, [
        [nrow - 1, 0],
        [nrow - 1, ncol - 1],
        [0, ncol - 3],
        [0, ncol - 2],
        [0, ncol - 1],
        [1, ncol - 3],
        [1, ncol - 2],
        [1, ncol - 1],
      ]);
    do {
      if (row < nrow && col >= 0 && a[row * ncol + col] === -1) utah(row, col, chr++);
      row -= 2;
      col += 2;
    } while (row >= 0 && col < ncol);
    row += 1;
    col += 3;
    do {
      if (row >= 0 && col < ncol && a[row * ncol + col] === -1) utah(row, col, chr++);
      row += 2;
      col -= 2;
    } while (row < nrow && col >= 0);
    row += 3;
    col += 1;
  } while (row < nrow || col < ncol);
  if (a[nrow * ncol - 1] === -1) {
    a[nrow * ncol - 1] = a[(nrow - 1) * ncol - 2] = 1;
    a[nrow * ncol - 2] = a[(nrow - 1) * ncol - 1] = 0;
  }
  placements.set(key, a);
  return a;
}

export interface Ecc200Symbol {
  size: number;
  /** Row-major, 1 = dark module. */
  modules: Uint8Array;
}

export function encodeEcc200(bytes: Uint8Array): Ecc200Symbol {
  const { cw, sym } = codewords(bytes);
  const all = withEcc(cw, sym);
  const regions = sym.size === sym.region + 2 ? 1 : sym.size / (sym.region + 2);
  const n = regions * sym.region;
  const place = placement(n, n);
  const S = sym.size;
  const m = new Uint8Array(S * S);
  const step = sym.region + 2;
  for (let r = 0; r < regions; r++) {
    for (let c = 0; c < regions; c++) {
      const y0 = r * step;
      const x0 = c * step;
      for (let i = 0; i < step; i++) {
        m[(y0 + step - 1) * S + x0 + i] = 1; // bottom edge solid
        m[(y0 + i) * S + x0] = 1; // left edge solid
        if (i % 2 === 0) m[y0 * S + x0 + i] = 1; // top edge alternating
        if (i % 2 === 1) m[(y0 + i) * S + x0 + step - 1] = 1; // right edge alternating
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = place[i * n + j]!;
      const dark = v < 10 ? v === 1 : (all[Math.floor(v / 10) - 1]! >> (8 - (v % 10))) & 1;
      if (!dark) continue;
      const y = Math.floor(i / sym.region) * step + 1 + (i % sym.region);
      const x = Math.floor(j / sym.region) * step + 1 + (j % sym.region);
      m[y * S + x] = 1;
    }
  }
  return { size: S, modules: m };
}
