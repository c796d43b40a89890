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

/** Arabic letters; `X` marks a letter with no single Latin equivalent so the spelling stays reversible. */
export const ARABIC: Readonly<Record<string, string>> = {
  '\u0621': 'XE', // ء hamza
  '\u0622': 'XAA', // آ
  '\u0623': 'XAE', // أ
  '\u0624': 'U', // ؤ
  '\u0625': 'I', // إ
  '\u0626': 'XI', // ئ
  '\u0627': 'A', // ا
  '\u0628': 'B', // ب
  '\u0629': 'XTA', // ة ta marbuta
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
  // Persian and Urdu letters written with the Arabic script
  '\u067E': 'P', // پ
  '\u0686': 'XCH', // چ
  '\u0698': 'XZH', // ژ
  '\u06AF': 'XG', // گ
  '\u06A9': 'K', // ک keheh, the Persian kaf
  '\u06CC': 'Y', // ی Farsi yeh
};

/** Arabic marks that carry no letter: harakat, shadda, sukun, superscript alif, tatweel, Quranic marks. */
export function isArabicSilent(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x0610 && c <= 0x061a) ||
    (c >= 0x064b && c <= 0x065f) ||
    c === 0x0670 ||
    c === 0x0640 ||
    (c >= 0x06d6 && c <= 0x06ed)
  );
}
