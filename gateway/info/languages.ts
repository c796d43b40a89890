/**
 * The information point's and applicant screen's languages (the recent asylum caseload and
 * temporary protection). `voice` is the espeak-ng voice, null where espeak-ng has none (those
 * pages show "no audio"); `script` picks the shipped font family the page loads.
 */
export interface KioskLanguage {
  code: string;
  /** The language's own name, shown on the language choice. */
  name: string;
  english: string;
  dir: 'ltr' | 'rtl';
  script: 'latin' | 'cyrillic' | 'arabic' | 'devanagari' | 'bengali' | 'sinhala' | 'tamil';
  voice: string | null;
}

export const KIOSK_LANGUAGES: readonly KioskLanguage[] = [
  { code: 'ro', name: 'Română', english: 'Romanian', dir: 'ltr', script: 'latin', voice: 'ro' },
  { code: 'en', name: 'English', english: 'English', dir: 'ltr', script: 'latin', voice: 'en-gb' },
  { code: 'uk', name: 'Українська', english: 'Ukrainian', dir: 'ltr', script: 'cyrillic', voice: 'uk' },
  { code: 'ru', name: 'Русский', english: 'Russian', dir: 'ltr', script: 'cyrillic', voice: 'ru' },
  { code: 'ar', name: 'العربية', english: 'Arabic', dir: 'rtl', script: 'arabic', voice: 'ar' },
  { code: 'fa', name: 'فارسی / دری', english: 'Farsi / Dari', dir: 'rtl', script: 'arabic', voice: 'fa' },
  { code: 'ps', name: 'پښتو', english: 'Pashto', dir: 'rtl', script: 'arabic', voice: null },
  { code: 'ur', name: 'اردو', english: 'Urdu', dir: 'rtl', script: 'arabic', voice: 'ur' },
  { code: 'bn', name: 'বাংলা', english: 'Bengali', dir: 'ltr', script: 'bengali', voice: 'bn' },
  { code: 'ne', name: 'नेपाली', english: 'Nepali', dir: 'ltr', script: 'devanagari', voice: 'ne' },
  { code: 'hi', name: 'हिन्दी', english: 'Hindi', dir: 'ltr', script: 'devanagari', voice: 'hi' },
  { code: 'si', name: 'සිංහල', english: 'Sinhala', dir: 'ltr', script: 'sinhala', voice: 'si' },
  { code: 'ta', name: 'தமிழ்', english: 'Tamil', dir: 'ltr', script: 'tamil', voice: 'ta' },
  { code: 'so', name: 'Soomaali', english: 'Somali', dir: 'ltr', script: 'latin', voice: null },
  { code: 'tr', name: 'Türkçe', english: 'Turkish', dir: 'ltr', script: 'latin', voice: 'tr' },
  { code: 'fr', name: 'Français', english: 'French', dir: 'ltr', script: 'latin', voice: 'fr-fr' },
];

export const LANGUAGE_CODES = KIOSK_LANGUAGES.map((l) => l.code);
export const FALLBACK_LANGUAGE = 'en';

export const languageOf = (code: string): KioskLanguage | undefined =>
  KIOSK_LANGUAGES.find((l) => l.code === code);
