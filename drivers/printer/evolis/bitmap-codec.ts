/**
 * Evolis panel bitmaps: plain (`Db`) packing and the two `Dbc` compressions, both ways.
 * A panel is PANEL_WIDTH dots × PANEL_HEIGHT lines (the card rotated), one value a dot in
 * 0..levels-1 (0 = no ink). Decoders throw BitmapFormatError on malformed data, never anything else.
 */
export const PANEL_WIDTH = 648;
export const PANEL_HEIGHT = 1016;
export const PANEL_DOTS = PANEL_WIDTH * PANEL_HEIGHT;
/** Bytes of one 1-bit line. */
export const LINE_BYTES_1BIT = PANEL_WIDTH / 8;

export type Levels = 2 | 32 | 64 | 128;
export const LEVELS: readonly Levels[] = [2, 32, 64, 128];
export type PanelName = 'y' | 'm' | 'c' | 'k' | 'o';
export const PANEL_NAMES: readonly PanelName[] = ['y', 'm', 'c', 'k', 'o'];

export class BitmapFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BitmapFormatError';
  }
}

export function isLevels(n: number): n is Levels {
  return n === 2 || n === 32 || n === 64 || n === 128;
}

export function bitsForLevels(levels: Levels): 1 | 5 | 6 | 7 {
  return levels === 2 ? 1 : levels === 32 ? 5 : levels === 64 ? 6 : 7;
}

/** Bytes of a plain (`Db`) panel at this level count. */
export function plainSize(levels: Levels): number {
  return (PANEL_DOTS * bitsForLevels(levels)) / 8;
}

/** Dot values (one byte each) → bits back to back, most significant bit first, line after line. */
export function packPlain(values: Uint8Array, levels: Levels): Uint8Array {
  const bits = bitsForLevels(levels);
  const out = new Uint8Array(plainSize(levels));
  if (bits === 1) {
    for (let o = 0, i = 0; o < out.length; o++, i += 8) {
      out[o] =
        (values[i]! ? 128 : 0) |
        (values[i + 1]! ? 64 : 0) |
        (values[i + 2]! ? 32 : 0) |
        (values[i + 3]! ? 16 : 0) |
        (values[i + 4]! ? 8 : 0) |
        (values[i + 5]! ? 4 : 0) |
        (values[i + 6]! ? 2 : 0) |
        (values[i + 7]! ? 1 : 0);
    }
    return out;
  }
  let acc = 0;
  let nacc = 0;
  let o = 0;
  for (let i = 0; i < PANEL_DOTS; i++) {
    acc = (acc << bits) | values[i]!;
    nacc += bits;
    if (nacc >= 8) {
      nacc -= 8;
      out[o++] = (acc >>> nacc) & 0xff;
      acc &= (1 << nacc) - 1;
    }
  }
  return out;
}

export function unpackPlain(data: Uint8Array, levels: Levels): Uint8Array {
  const bits = bitsForLevels(levels);
  if (data.length !== plainSize(levels))
    throw new BitmapFormatError(`plain panel of ${data.length} bytes, expected ${plainSize(levels)}`);
  const out = new Uint8Array(PANEL_DOTS);
  if (bits === 1) {
    for (let i = 0; i < data.length; i++) {
      const b = data[i]!;
      const d = i * 8;
      out[d] = b >> 7;
      out[d + 1] = (b >> 6) & 1;
      out[d + 2] = (b >> 5) & 1;
      out[d + 3] = (b >> 4) & 1;
      out[d + 4] = (b >> 3) & 1;
      out[d + 5] = (b >> 2) & 1;
      out[d + 6] = (b >> 1) & 1;
      out[d + 7] = b & 1;
    }
    return out;
  }
  const mask = (1 << bits) - 1;
  let acc = 0;
  let nacc = 0;
  let d = 0;
  for (let i = 0; i < data.length; i++) {
    acc = ((acc << 8) | data[i]!) & 0xffff;
    nacc += 8;
    while (nacc >= bits) {
      nacc -= bits;
      out[d++] = (acc >>> nacc) & mask;
    }
  }
  return out;
}

/**
 * k/o line compression of a packed 1-bit panel: `0x00` white line, `0xFF` black line, otherwise
 * N (1–81) and the N first bytes of the line (the rest is white).
 */
export function compressLines(packed: Uint8Array): Uint8Array {
  const out = new Uint8Array(PANEL_HEIGHT * (LINE_BYTES_1BIT + 1));
  let o = 0;
  for (let line = 0; line < PANEL_HEIGHT; line++)
    o = compressLine1bit(packed, line * LINE_BYTES_1BIT, out, o);
  return out.slice(0, o);
}

/** `firstLine`: the data starts at that buffer line (the guide's `Dbc` form); lines above are white. */
export function decompressLines(data: Uint8Array, firstLine = 0): Uint8Array {
  const out = new Uint8Array(PANEL_HEIGHT * LINE_BYTES_1BIT);
  let i = 0;
  for (let line = firstLine; line < PANEL_HEIGHT; line++) {
    if (i >= data.length)
      throw new BitmapFormatError(`compressed 1-bit panel ends at line ${line} of ${PANEL_HEIGHT}`);
    const n = data[i++]!;
    const start = line * LINE_BYTES_1BIT;
    if (n === 0xff) out.fill(0xff, start, start + LINE_BYTES_1BIT);
    else if (n > LINE_BYTES_1BIT)
      throw new BitmapFormatError(`line ${line}: count ${n} exceeds ${LINE_BYTES_1BIT}`);
    else if (n > 0) {
      if (i + n > data.length) throw new BitmapFormatError(`line ${line}: ${n} bytes announced, data ends`);
      out.set(data.subarray(i, i + n), start);
      i += n;
    }
  }
  if (i !== data.length) throw new BitmapFormatError(`${data.length - i} bytes after the last line`);
  return out;
}

/** Longest repeat one `Dbc` colour code can carry at this depth (spare high bits add 256 each). */
export function maxRepeat(bits: 5 | 6 | 7): number {
  return bits === 7 ? 255 : bits === 6 ? 511 : 767;
}

/**
 * y/m/c compression, line by line: a byte with the top bit clear is one dot (its 7 low bits);
 * a byte with the top bit set holds a value (low `bits` bits) and spare bits ×256 of a repeat
 * count whose low 8 bits follow; a count of 0 blanks the rest of the line.
 */
export function compressDots(values: Uint8Array, levels: Levels): Uint8Array {
  const bits = bitsForLevels(levels);
  if (bits === 1) throw new BitmapFormatError('1-bit panels use line compression');
  // Worst case: every dot a literal.
  const out = new Uint8Array(PANEL_DOTS + PANEL_HEIGHT * 2);
  let o = 0;
  for (let line = 0; line < PANEL_HEIGHT; line++)
    o = compressDotsLine(values, line * PANEL_WIDTH, bits, out, o);
  return out.slice(0, o);
}

/** One line of y/m/c compression (values[start .. start+648)) appended at out[o]; returns the new end. */
export function compressDotsLine(
  values: Uint8Array,
  start: number,
  bits: 5 | 6 | 7,
  out: Uint8Array,
  o: number,
): number {
  const max = maxRepeat(bits);
  const end = start + PANEL_WIDTH;
  let lastInk = end - 1;
  while (lastInk >= start && values[lastInk] === 0) lastInk--;
  let i = start;
  while (i <= lastInk) {
    const v = values[i]!;
    // One bound per run instead of two tests per dot (this loop is a third of encoding time).
    const limit = Math.min(end, i + max);
    let j = i + 1;
    while (j < limit && values[j] === v) j++;
    const r = j - i;
    if (r >= 3) {
      out[o++] = 0x80 | ((r >> 8) << bits) | v;
      out[o++] = r & 0xff;
    } else {
      // One or two dots: literals (a second equal dot would not start a run of 3 either).
      out[o++] = v;
      if (r === 2) out[o++] = v;
    }
    i = j;
  }
  if (i < end) {
    out[o++] = 0x80;
    out[o++] = 0;
  }
  return o;
}

/** One packed 1-bit line (81 bytes at packed[start]) line-compressed at out[o]; returns the new end. */
export function compressLine1bit(packed: Uint8Array, start: number, out: Uint8Array, o: number): number {
  let last = -1;
  let allBlack = true;
  for (let j = 0; j < LINE_BYTES_1BIT; j++) {
    const b = packed[start + j]!;
    if (b !== 0) last = j;
    if (b !== 0xff) allBlack = false;
  }
  if (last < 0) out[o++] = 0x00;
  else if (allBlack) out[o++] = 0xff;
  else {
    const n = last + 1;
    out[o++] = n;
    for (let j = 0; j < n; j++) out[o++] = packed[start + j]!;
  }
  return o;
}

/** `firstLine`: the data starts at that buffer line (the guide's `Dbc` form); lines above are blank. */
export function decompressDots(data: Uint8Array, levels: Levels, firstLine = 0): Uint8Array {
  const bits = bitsForLevels(levels);
  if (bits === 1) throw new BitmapFormatError('1-bit panels use line compression');
  const mask = (1 << bits) - 1;
  const out = new Uint8Array(PANEL_DOTS);
  let i = 0;
  for (let line = firstLine; line < PANEL_HEIGHT; line++) {
    let pos = line * PANEL_WIDTH;
    const end = pos + PANEL_WIDTH;
    while (pos < end) {
      if (i >= data.length) throw new BitmapFormatError(`compressed panel ends in line ${line}`);
      const b = data[i++]!;
      if (b & 0x80) {
        if (i >= data.length) throw new BitmapFormatError(`repeat without a count in line ${line}`);
        const count = (((b & 0x7f) >> bits) << 8) | data[i++]!;
        if (count === 0) {
          pos = end; // already zero
          break;
        }
        if (pos + count > end)
          throw new BitmapFormatError(`repeat of ${count} runs past the end of line ${line}`);
        out.fill(b & mask, pos, pos + count);
        pos += count;
      } else {
        if (b > mask) throw new BitmapFormatError(`dot value ${b} above ${mask} in line ${line}`);
        out[pos++] = b;
      }
    }
  }
  if (i !== data.length) throw new BitmapFormatError(`${data.length - i} bytes after the last line`);
  return out;
}

/** Encode one panel both ways and keep the smaller (compressed wins ties: the printer reads it faster). */
export function encodePanel(
  values: Uint8Array,
  levels: Levels,
  mode: 'auto' | 'plain' | 'compressed' = 'auto',
): { compressed: boolean; data: Uint8Array } {
  if (mode === 'plain') return { compressed: false, data: packPlain(values, levels) };
  const compressed = levels === 2 ? compressLines(packPlain(values, 2)) : compressDots(values, levels);
  if (mode === 'compressed' || compressed.length <= plainSize(levels))
    return { compressed: true, data: compressed };
  return { compressed: false, data: packPlain(values, levels) };
}

export function decodePanel(
  data: Uint8Array,
  levels: Levels,
  compressed: boolean,
  firstLine = 0,
): Uint8Array {
  if (!compressed) return unpackPlain(data, levels);
  if (!Number.isInteger(firstLine) || firstLine < 0 || firstLine >= PANEL_HEIGHT)
    throw new BitmapFormatError(`first line ${firstLine} outside 0..${PANEL_HEIGHT - 1}`);
  return levels === 2
    ? unpackPlain(decompressLines(data, firstLine), 2)
    : decompressDots(data, levels, firstLine);
}

export function countInk(values: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) n++;
  return n;
}
