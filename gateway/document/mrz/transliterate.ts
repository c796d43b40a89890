import { CardgateError } from '../../core/errors.js';
import {
  ARABIC,
  CYRILLIC,
  isArabicSilent,
  LATIN_SPECIAL,
  SHADDA,
  TA_MARBUTA,
  TA_MARBUTA_FINAL,
} from './tables.js';

/** Punctuation that Doc 9303 part 3 §4.6 drops from a name (apostrophes, periods and the like). */
const DROPPED = /[\u0027\u2018\u2019\u02BC\u02BB\u0060\u00B4.]/u;
/** Characters that separate name parts: written as the filler `<`. */
const SEPARATOR = /[\s\u002D\u2010\u2011\u2012\u2013\u2014,]/u;
/** Invisible format characters (joiners, bidi marks) an input method may leave in a name. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;

function letterOf(ch: string): string | null {
  if (ch >= 'A' && ch <= 'Z') return ch;
  const special = LATIN_SPECIAL[ch];
  if (special !== undefined) return special;
  const cyr = CYRILLIC[ch];
  if (cyr !== undefined) return cyr;
  const ar = ARABIC[ch];
  if (ar !== undefined) return ar;
  // Latin with diacritics: the base letter, marks removed (É → E, Ș → S, Ă → A).
  const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
  if (base.length === 1 && base >= 'A' && base <= 'Z') return base;
  return null;
}

/** Nothing but marks and invisible characters between here and the end of this name component? */
function endsComponent(chars: string[], from: number): boolean {
  for (let i = from; i < chars.length; i++) {
    const ch = chars[i]!;
    if (isArabicSilent(ch) || INVISIBLE.test(ch) || DROPPED.test(ch) || ch === SHADDA) continue;
    return SEPARATOR.test(ch) || ch === '<';
  }
  return true;
}

function untransliterable(ch: string): CardgateError {
  const cp = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return new CardgateError('MRZ_UNTRANSLITERABLE', `U+${cp} has no transliteration for the MRZ`, {
    status: 400,
    details: { codePoint: `U+${cp}` },
  });
}

/**
 * One name (primary or secondary identifier) in the MRZ alphabet: letters transliterated,
 * spaces and hyphens as `<`, apostrophes dropped. Throws MRZ_UNTRANSLITERABLE for a character
 * the tables do not cover (a digit, an unsupported script); the message names the code point,
 * never the name. NFKC first, so Arabic presentation forms and ligatures (ﻻ, ﷲ) and
 * full-width letters read as the letters they stand for.
 */
export function transliterateName(name: string): string {
  const chars = [...name.normalize('NFKC').toUpperCase()];
  let out = '';
  let last = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === SHADDA) {
      // A doubled consonant: write the letter it sits on once more (nothing after a separator).
      out += last;
      continue;
    }
    if (DROPPED.test(ch) || INVISIBLE.test(ch) || isArabicSilent(ch)) continue;
    if (SEPARATOR.test(ch) || ch === '<') {
      out += '<';
      last = '';
      continue;
    }
    const letter = ch === TA_MARBUTA && endsComponent(chars, i + 1) ? TA_MARBUTA_FINAL : letterOf(ch);
    if (letter === null) throw untransliterable(ch);
    out += letter;
    last = letter;
  }
  return out.replace(/<+/g, '<').replace(/^<|<$/g, '');
}

/** Can this name be written in the MRZ? (For live validation in the operator page.) */
export function isTransliterable(name: string): boolean {
  try {
    transliterateName(name);
    return true;
  } catch {
    return false;
  }
}
