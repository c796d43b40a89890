/**
 * Reads from an ATR whether the card takes extended-length APDUs: the third byte of the "card
 * capabilities" (compact-TLV tag 7, ISO 7816-4 §12.1.1.9) in the historical bytes, bit 7.
 */
export function atrSupportsExtendedLength(atr: Uint8Array): boolean {
  const hist = historicalBytes(atr);
  if (!hist || hist[0] !== 0x80) return false;
  let i = 1;
  while (i < hist.length) {
    const tag = hist[i]! >> 4;
    const len = hist[i]! & 0x0f;
    if (tag === 0x7 && len >= 3) return (hist[i + 3]! & 0x40) !== 0;
    i += 1 + len;
  }
  return false;
}

function historicalBytes(atr: Uint8Array): Uint8Array | undefined {
  if (atr.length < 2) return undefined;
  const t0 = atr[1]!;
  const k = t0 & 0x0f;
  let y = t0 >> 4;
  let i = 2;
  while (y) {
    if (y & 1) i++; // TA
    if (y & 2) i++; // TB
    if (y & 4) i++; // TC
    if (y & 8) {
      const td = atr[i];
      if (td === undefined) return undefined;
      i++;
      y = td >> 4;
    } else {
      y = 0;
    }
  }
  return atr.subarray(i, i + k);
}
