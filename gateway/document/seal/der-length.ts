import { CardgateError } from '../../core/errors.js';

/** DER length octets: one byte below 128, else 0x81/0x82 and the length in 1 or 2 bytes. */
export function encodeLength(n: number): number[] {
  if (n < 0x80) return [n];
  if (n <= 0xff) return [0x81, n];
  if (n <= 0xffff) return [0x82, n >> 8, n & 0xff];
  throw new CardgateError('SEAL_TOO_LARGE', `a seal field of ${n} bytes is too long`, { status: 400 });
}

/** Reads a DER length at `offset`; returns the length and the offset after it. */
export function decodeLength(bytes: Uint8Array, offset: number): { length: number; next: number } {
  const first = bytes[offset];
  if (first === undefined) throw new CardgateError('SEAL_MALFORMED', 'length missing', { status: 400 });
  if (first < 0x80) return { length: first, next: offset + 1 };
  const count = first & 0x7f;
  if (count < 1 || count > 2) throw new CardgateError('SEAL_MALFORMED', 'bad length octets', { status: 400 });
  let length = 0;
  for (let i = 1; i <= count; i++) {
    const b = bytes[offset + i];
    if (b === undefined) throw new CardgateError('SEAL_MALFORMED', 'length truncated', { status: 400 });
    length = length * 256 + b;
  }
  return { length, next: offset + 1 + count };
}
