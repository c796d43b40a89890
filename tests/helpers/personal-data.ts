import { mrzNameField, transliterateName } from '../../gateway/document/mrz/index.js';

/** The personal fields a search for leaked data looks at (a person fixture or request). */
export interface Person {
  surname: string;
  givenNames: string;
  latinSurname?: string;
  latinGivenNames?: string;
  dateOfBirth: string;
  personalCode?: string;
  placeOfResidence?: string;
  documentNumber?: string;
}

/** Every way a person's data could show up in a payload. */
export function needles(p: Person): string[] {
  const out = [
    p.surname,
    p.givenNames,
    p.latinSurname,
    p.latinGivenNames,
    p.personalCode,
    p.placeOfResidence,
    p.documentNumber,
  ];
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.dateOfBirth);
  if (m) {
    const [, y, mo, d] = m as unknown as [string, string, string, string];
    out.push(p.dateOfBirth, `${d}.${mo}.${y}`, `${d}/${mo}/${y}`, `${y.slice(2)}${mo}${d}`);
  }
  for (const name of [p.surname, p.givenNames, p.latinSurname, p.latinGivenNames]) {
    for (const part of name?.split(/\s+/) ?? []) if (part.length >= 3) out.push(part);
    // The MRZ spelling of each name and of its parts (SHEVCHENKO, MUELLER<GROESSE, MUELLER).
    const mrz = name ? transliterateName(name) : '';
    out.push(mrz, ...mrz.split('<'));
  }
  // The MRZ name field as printed: SHEVCHENKO<<YULIIA.
  out.push(mrzNameField(p).replace(/<+$/, ''));
  return out.filter((s): s is string => !!s && s.length >= 3);
}

/**
 * Whether `text` holds `needle` in any letter case, as a whole word (so `Ion` is not found in
 * `version`); `<` and spaces count as word boundaries, as in the MRZ.
 */
export function mentions(text: string, needle: string): boolean {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

/** The forms of `p`'s data that `text` holds (empty when none): names in any case, MRZ forms, dates. */
export function personalDataIn(text: string, p: Person): string[] {
  return needles(p).filter((n) => mentions(text, n));
}
