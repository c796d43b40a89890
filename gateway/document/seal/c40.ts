import { CardgateError } from '../../core/errors.js';

/**
 * C40 as ICAO Doc 9303 part 13 uses it: upper-case letters, digits and space (`<` is written as
 * space). Three characters make I16 = 1600·U1 + 40·U2 + U3 + 1 in two bytes; two left over are
 * padded with the shift value 0; one left over is `0xFE` then its ASCII code + 1.
 */
function valueOf(ch: string): number {
  if (ch === ' ' || ch === '<') return 3;
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 44;
  if (c >= 65 && c <= 90) return c - 51;
  throw new CardgateError(
    'SEAL_C40',
    `character U+${c.toString(16).padStart(4, '0')} cannot be written in C40`,
    {
      status: 400,
    },
  );
}

function charOf(v: number): string {
  if (v === 3) return ' ';
  if (v >= 4 && v <= 13) return String.fromCharCode(v + 44);
  if (v >= 14 && v <= 39) return String.fromCharCode(v + 51);
  throw new CardgateError('SEAL_MALFORMED', `C40 value ${v} is not a character`, { status: 400 });
}

export function encodeC40(text: string): Uint8Array {
  const out: number[] = [];
  let i = 0;
  for (; i + 3 <= text.length; i += 3) {
    const n = 1600 * valueOf(text[i]!) + 40 * valueOf(text[i + 1]!) + valueOf(text[i + 2]!) + 1;
    out.push(n >> 8, n & 0xff);
  }
  const rest = text.length - i;
  if (rest === 2) {
    const n = 1600 * valueOf(text[i]!) + 40 * valueOf(text[i + 1]!) + 0 + 1;
    out.push(n >> 8, n & 0xff);
  } else if (rest === 1) {
    valueOf(text[i]!);
    out.push(0xfe, text.charCodeAt(i) + 1);
  }
  return Uint8Array.from(out);
}

/** Number of bytes the C40 form of `chars` characters takes. */
export function c40Length(chars: number): number {
  return Math.floor(chars / 3) * 2 + (chars % 3 === 0 ? 0 : 2);
}

/** Decodes C40 bytes; `<` comes back as space unless `mrz` (then space is `<`). */
export function decodeC40(bytes: Uint8Array, opts: { mrz?: boolean } = {}): string {
  if (bytes.length % 2 !== 0)
    throw new CardgateError('SEAL_MALFORMED', 'C40 data has an odd length', { status: 400 });
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    const b1 = bytes[i]!;
    const b2 = bytes[i + 1]!;
    if (b1 === 0xfe) {
      out += String.fromCharCode(b2 - 1);
      continue;
    }
    const n = b1 * 256 + b2 - 1;
    const u1 = Math.floor(n / 1600);
    const u2 = Math.floor((n % 1600) / 40);
    const u3 = n % 40;
    out += charOf(u1) + charOf(u2);
    if (u3 !== 0) out += charOf(u3);
  }
  return opts.mrz ? out.replaceAll(' ', '<') : out;
}
