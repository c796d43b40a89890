/**
 * Transliteration tables of ICAO Doc 9303 part 3 §6 (7th edition), keyed by upper-case
 * character. Latin letters not listed here lose their diacritics by Unicode decomposition.
 */

/** Latin letters the standard writes with more than their base letter, or whose base is not A–Z. */
export const LATIN_SPECIAL: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ö: 'OE',
  Ø: 'OE',
  Œ: 'OE',
  Ü: 'UE',
  ß: 'SS',
  ẞ: 'SS',
  Þ: 'TH',
  Ĳ: 'IJ',
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  ı: 'I',
  Ŀ: 'L',
  Ł: 'L',
  Ŋ: 'N',
  ĸ: 'K',
  Ŧ: 'T',
};

export const CYRILLIC: Readonly<Record<string, string>> = {
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Ґ: 'G',
  Ѓ: 'G',
  Д: 'D',
  Ђ: 'D',
  Е: 'E',
  Ё: 'E',
  Є: 'IE',
  Ж: 'ZH',
  З: 'Z',
  Ѕ: 'DZ',
  И: 'I',
  І: 'I',
  Ї: 'I',
  Й: 'I',
  Ј: 'J',
  К: 'K',
  Ќ: 'K',
  Л: 'L',
  Љ: 'LJ',
  М: 'M',
  Н: 'N',
  Њ: 'NJ',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  Ћ: 'C',
  У: 'U',
  Ў: 'U',
  Ф: 'F',
  Х: 'KH',
  Ц: 'TS',
  Ч: 'CH',
  Џ: 'DZ',
  Ш: 'SH',
  Щ: 'SHCH',
  Ъ: 'IE',
  Ы: 'Y',
  Ь: '',
  Э: 'E',
  Ю: 'IU',
  Я: 'IA',
};

/**
 * Doc 9303 part 3 §6 Table C (Arabic script, MRZ only). `X` is an escape written before the
 * letter it modifies, for letters with no single Latin equivalent, so the spelling stays
 * reversible. Letters of Persian, Urdu and Pashto written in the Arabic script are in the same
 * table. ڜ ڢ ڧ ڨ are "not encoded" there: they are absent here and so refused.
 * Context rules live in transliterate.ts: ة is XAH at the end of a name component, and shadda
 * doubles the letter it sits on.
 */
export const ARABIC: Readonly<Record<string, string>> = {
  '\u0621': 'XE', // ء hamza
  '\u0622': 'XAA', // آ
  '\u0623': 'XAE', // أ
  '\u0624': 'U', // ؤ
  '\u0625': 'I', // إ
  '\u0626': 'XI', // ئ
  '\u0627': 'A', // ا
  '\u0628': 'B', // ب
  '\u0629': 'XTA', // ة ta marbuta (XAH at the end of a component)
  '\u062A': 'T', // ت
  '\u062B': 'XTH', // ث
  '\u062C': 'J', // ج
  '\u062D': 'XH', // ح
  '\u062E': 'XKH', // خ
  '\u062F': 'D', // د
  '\u0630': 'XDH', // ذ
  '\u0631': 'R', // ر
  '\u0632': 'Z', // ز
  '\u0633': 'S', // س
  '\u0634': 'XSH', // ش
  '\u0635': 'XSS', // ص
  '\u0636': 'XDZ', // ض
  '\u0637': 'XTT', // ط
  '\u0638': 'XZZ', // ظ
  '\u0639': 'E', // ع
  '\u063A': 'G', // غ
  '\u0641': 'F', // ف
  '\u0642': 'Q', // ق
  '\u0643': 'K', // ك
  '\u0644': 'L', // ل
  '\u0645': 'M', // م
  '\u0646': 'N', // ن
  '\u0647': 'H', // ه
  '\u0648': 'W', // و
  '\u0649': 'XAY', // ى alif maksura
  '\u064A': 'Y', // ي
  '\u0671': 'XXA', // ٱ alif wasla
  '\u0679': 'XXT', // ٹ
  '\u067C': 'XRT', // ټ
  '\u067E': 'P', // پ
  '\u0681': 'XKE', // ځ
  '\u0685': 'XXH', // څ
  '\u0686': 'XC', // چ
  '\u0688': 'XXD', // ڈ
  '\u0689': 'XDR', // ډ
  '\u0691': 'XXR', // ڑ
  '\u0693': 'XRR', // ړ
  '\u0696': 'XRX', // ږ
  '\u0698': 'XJ', // ژ
  '\u069A': 'XXS', // ښ
  '\u06A9': 'XKK', // ک keheh
  '\u06AB': 'XXK', // ګ
  '\u06AD': 'XNG', // ڭ
  '\u06AF': 'XGG', // گ
  '\u06BA': 'XNN', // ں
  '\u06BC': 'XXN', // ڼ
  '\u06BE': 'XDO', // ھ
  '\u06C0': 'XYH', // ۀ
  '\u06C1': 'XXG', // ہ
  '\u06C2': 'XGE', // ۂ
  '\u06C3': 'XTG', // ۃ
  '\u06CC': 'XYA', // ی Farsi yeh
  '\u06CD': 'XXY', // ۍ
  '\u06D0': 'Y', // ې
  '\u06D2': 'XYB', // ے
  '\u06D3': 'XBE', // ۓ
};

/** Ta marbuta: XTA inside a name component, XAH where it ends one (Doc 9303 part 3, App. B). */
export const TA_MARBUTA = '\u0629';
export const TA_MARBUTA_FINAL = 'XAH';
/** Shadda: the consonant it sits on is written twice (عبّاس → EBBAS). */
export const SHADDA = '\u0651';

/**
 * Arabic marks the MRZ does not write: harakat, tanwin, sukun, superscript alif, tatweel,
 * Quranic marks (shadda is not silent: see SHADDA).
 */
export function isArabicSilent(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  if (ch === SHADDA) return false;
  return (
    (c >= 0x0610 && c <= 0x061a) ||
    (c >= 0x064b && c <= 0x065f) ||
    c === 0x0670 ||
    c === 0x0640 ||
    (c >= 0x06d6 && c <= 0x06ed)
  );
}
