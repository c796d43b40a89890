/**
 * Person fields are text a person reads: no control characters, no invisible format characters
 * that make the printed name differ from the MRZ and the seal (a bidi override shows RTLTESTUCSE
 * as RTLTESTESCU; a zero-width space is dropped by the MRZ but not by the printer).
 */

/**
 * Unicode general categories Cc (controls), Cf (format: bidi embeddings, overrides and isolates
 * U+202A–202E and U+2066–2069, zero-width U+200B–200D, word joiner U+2060, BOM U+FEFF, soft
 * hyphen, …), Cs (lone surrogates), Co (private use), and the line and paragraph separators.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\u2028\u2029]/u;

/** The first character of `s` a name or address may not hold, as `U+XXXX`, or null. */
export function forbiddenCharacter(s: string): string | null {
  const m = FORBIDDEN.exec(s);
  if (!m) return null;
  return `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** NFC, the one spelling the printed zone, the MRZ and the seal are all made from. */
export const nfc = (s: string): string => s.normalize('NFC');
