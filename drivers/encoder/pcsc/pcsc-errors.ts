import { EncoderError, type EncoderErrorCode } from '../interface.js';

/**
 * PC/SC return codes (as pcsclite puts them in its error messages, "(0x8010…)") mapped to the
 * encoder's stable codes.
 */
const byCode: Record<number, EncoderErrorCode> = {
  0x80100069: 'CARD_REMOVED', // SCARD_W_REMOVED_CARD
  0x8010000c: 'CARD_REMOVED', // SCARD_E_NO_SMARTCARD (during an operation)
  0x80100068: 'CARD_REMOVED', // SCARD_W_RESET_CARD
  0x80100066: 'CARD_ERROR', // SCARD_W_UNRESPONSIVE_CARD
  0x80100067: 'CARD_ERROR', // SCARD_W_UNPOWERED_CARD
  0x80100016: 'CARD_ERROR', // SCARD_E_NOT_TRANSACTED: often a pulled card, confirmed by the status event
  0x80100013: 'CARD_ERROR', // SCARD_F_COMM_ERROR
  0x8010001d: 'PCSC_UNAVAILABLE', // SCARD_E_NO_SERVICE
  0x8010001e: 'PCSC_UNAVAILABLE', // SCARD_E_SERVICE_STOPPED
  0x80100009: 'NO_READER', // SCARD_E_UNKNOWN_READER
  0x80100017: 'NO_READER', // SCARD_E_READER_UNAVAILABLE
  0x8010002e: 'NO_READER', // SCARD_E_NO_READERS_AVAILABLE
  0x8010000a: 'TIMEOUT', // SCARD_E_TIMEOUT
  0x8010000b: 'CARD_ERROR', // SCARD_E_SHARING_VIOLATION: another process holds the card
  0x80100003: 'PCSC_UNAVAILABLE', // SCARD_E_INVALID_HANDLE: context lost with pcscd
};

export function pcscCode(e: unknown): number | undefined {
  const m = /\(0x([0-9a-f]{8})\)/i.exec(e instanceof Error ? e.message : String(e));
  return m ? Number.parseInt(m[1]!, 16) : undefined;
}

export function pcscError(e: unknown, what: string, fallback: EncoderErrorCode = 'CARD_ERROR'): EncoderError {
  if (e instanceof EncoderError) return e;
  const code = pcscCode(e);
  const mapped = (code !== undefined ? byCode[code] : undefined) ?? fallback;
  return new EncoderError(mapped, `${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}
