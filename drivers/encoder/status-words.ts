import { EncoderError, type EncoderErrorCode } from './interface.js';

/**
 * Status words a card answers, mapped to the stable codes the gateway understands. Anything not
 * listed is a CARD_ERROR that keeps the raw SW for diagnosis.
 */
const byExact: Record<number, EncoderErrorCode> = {
  0x6a82: 'FILE_NOT_FOUND',
  0x6a83: 'FILE_NOT_FOUND',
  0x6a88: 'FILE_NOT_FOUND',
  0x6a89: 'FILE_EXISTS',
  0x6a8a: 'FILE_EXISTS',
  0x6982: 'SECURITY',
  0x6983: 'SECURITY',
  0x6984: 'SECURITY',
  0x6985: 'SECURITY',
  0x6988: 'SECURITY',
  0x6581: 'MEMORY',
  0x6a84: 'MEMORY',
  0x6700: 'CARD_ERROR',
  0x6b00: 'CARD_ERROR',
};

export const SW_OK = 0x9000;
/** "End of file reached before Le bytes": READ BINARY still returned data. */
export const SW_EOF_WARNING = 0x6282;

export function isSuccess(sw: number): boolean {
  return sw === SW_OK || sw === SW_EOF_WARNING;
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

export function swToError(sw: number, what: string): EncoderError {
  const code = byExact[sw] ?? (sw >> 8 === 0x63 ? 'SECURITY' : 'CARD_ERROR');
  return new EncoderError(code, `${what}: card answered ${swHex(sw)}`, { sw });
}

/** Throws the mapped error unless the status word says success. */
export function expectOk(sw: number, what: string): void {
  if (!isSuccess(sw)) throw swToError(sw, what);
}
