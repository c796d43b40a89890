/**
 * BER-TLV (ISO 7816-4 / X.690 lengths) for the card files: each file is one TLV, so its length is
 * known from its first bytes and trailing zeros (a wiped-then-rewritten file) do not matter.
 */
export interface Tlv {
  tag: number;
  value: Uint8Array;
  /** Bytes the whole TLV occupies. */
  size: number;
}

export function encodeLength(n: number): number[] {
  if (n < 0x80) return [n];
  if (n <= 0xff) return [0x81, n];
  if (n <= 0xffff) return [0x82, n >> 8, n & 0xff];
  return [0x83, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function tagBytes(tag: number): number[] {
  return tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
}

export function tlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const len = values.reduce((a, v) => a + v.length, 0);
  const head = [...tagBytes(tag), ...encodeLength(len)];
  const out = new Uint8Array(head.length + len);
  out.set(head, 0);
  let o = head.length;
  for (const v of values) {
    out.set(v, o);
    o += v.length;
  }
  return out;
}

/** Parses the TLV header; returns undefined when more bytes are needed to know it. */
export function parseHeader(b: Uint8Array): { tag: number; headerSize: number; length: number } | undefined {
  if (b.length < 2) return undefined;
  let i = 0;
  let tag = b[i++]!;
  if ((tag & 0x1f) === 0x1f) {
    if (b.length < 3) return undefined;
    tag = (tag << 8) | b[i++]!;
  }
  const first = b[i++];
  if (first === undefined) return undefined;
  if (first < 0x80) return { tag, headerSize: i, length: first };
  const n = first & 0x7f;
  if (n === 0 || n > 3) throw new RangeError('unsupported TLV length form');
  if (b.length < i + n) return undefined;
  let length = 0;
  for (let k = 0; k < n; k++) length = (length << 8) | b[i++]!;
  return { tag, headerSize: i, length };
}

export function parseTlv(b: Uint8Array, offset = 0): Tlv {
  const h = parseHeader(b.subarray(offset));
  if (!h) throw new RangeError('truncated TLV header');
  const start = offset + h.headerSize;
  if (start + h.length > b.length) throw new RangeError('truncated TLV value');
  return { tag: h.tag, value: b.slice(start, start + h.length), size: h.headerSize + h.length };
}

/** All TLVs laid end to end in b. */
export function parseTlvList(b: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let o = 0;
  while (o < b.length) {
    const t = parseTlv(b, o);
    out.push(t);
    o += t.size;
  }
  return out;
}
