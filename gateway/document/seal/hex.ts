/** Upper-case hex of bytes; browser-safe (no Buffer), so the verify page shares the seal code. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out.toUpperCase();
}
