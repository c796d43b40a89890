/** Size of a JPEG from its frame header, without decoding it; null when it is not a whole JPEG. */
export function jpegInfo(data: Uint8Array): { width: number; height: number } | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null;
  // A whole JPEG ends with EOI; a truncated transfer does not (some encoders pad after it).
  let end = data.length - 1;
  while (end > 2 && data[end] !== 0xd9) end--;
  if (data[end - 1] !== 0xff || data.length - end > 64) return null;
  let i = 2;
  while (i + 9 < data.length) {
    if (data[i] !== 0xff) return null;
    const marker = data[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = (data[i + 2]! << 8) | data[i + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (data[i + 5]! << 8) | data[i + 6]!;
      const width = (data[i + 7]! << 8) | data[i + 8]!;
      return width > 0 && height > 0 ? { width, height } : null;
    }
    if (marker === 0xda) return null; // scan started without a frame header
    i += 2 + len;
  }
  return null;
}
