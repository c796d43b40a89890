import { transliterateName } from '../mrz/transliterate.js';
import type { PersonRecord } from '../person.js';
import type { FieldName } from './template-schema.js';

const NATIONALITY_NOTE: Record<string, string> = {
  XXA: 'XXA apatrid / stateless',
  XXB: 'XXB refugiat / refugee',
  XXC: 'XXC refugiat / refugee',
  XXX: 'XXX nespecificată / unspecified',
};

/** `YYYY-MM-DD` (unknown parts `XX`) as printed: `DD.MM.YYYY`. */
export function printedDate(iso: string | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** The visual-zone text of a field: names keep their original spelling. */
export function fieldText(person: PersonRecord, field: FieldName): string {
  switch (field) {
    case 'dateOfBirth':
    case 'dateOfIssue':
    case 'dateOfExpiry':
      return printedDate(person[field]);
    case 'nationality':
      return NATIONALITY_NOTE[person.nationality] ?? person.nationality;
    default:
      return String(person[field as keyof PersonRecord] ?? '');
  }
}

const LATIN = /^[\p{Script=Latin}\p{Script=Common}\p{M}]*$/u;
export const isLatinText = (s: string): boolean => LATIN.test(s);
export const hasArabic = (s: string): boolean =>
  /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/u.test(s);

/** For a name in another script: its Latin spelling (passport spelling if given, else the MRZ transliteration). */
export function latinName(person: PersonRecord, field: 'surname' | 'givenNames'): string | null {
  const original = person[field];
  if (!original || isLatinText(original)) return null;
  const given = field === 'surname' ? person.latinSurname : person.latinGivenNames;
  if (given?.trim()) return given;
  try {
    return transliterateName(original).replaceAll('<', ' ');
  } catch {
    return null;
  }
}
