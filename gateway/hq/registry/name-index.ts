import { transliterateName } from '../../document/mrz/transliterate.js';

/**
 * The name parts a record is found by, in MRZ form (Doc 9303 transliteration: `Ștefănescu` →
 * `STEFANESCU`, Cyrillic and Arabic by their tables): the surname and given names as printed
 * (and their Latin spelling when given), and the MRZ name line, whose parts may be cut short.
 * Each part is indexed on its own, so a caseworker finds a person by any of their names.
 */
export function nameTokens(sources: ReadonlyArray<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const s of sources) {
    if (!s) continue;
    let mrz: string;
    try {
      mrz = /^[A-Z<]+$/.test(s) ? s : transliterateName(s);
    } catch {
      // A name in a script without a transliteration table: found through its other spellings.
      continue;
    }
    for (const part of mrz.split('<')) if (part.length > 0) out.add(part);
  }
  return [...out].sort();
}

/** The parts of what a caseworker typed (`ion popescu`, `POPESCU<<ION`, `Ștefănescu`). */
export const queryTokens = (typed: string): string[] => nameTokens([typed.trim()]);
