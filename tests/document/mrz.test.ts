import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'mrz';
import { describe, expect, it } from 'vitest';
import { CardgateError } from '../../gateway/core/errors.js';
import {
  checkDigit,
  composeTd1,
  transliterateName,
  type MrzInput,
} from '../../gateway/document/mrz/index.js';

const personsDir = join(import.meta.dirname, '..', 'fixtures', 'persons');
const persons = readdirSync(personsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, record: JSON.parse(readFileSync(join(personsDir, f), 'utf8')) as MrzInput }));

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof CardgateError ? e.code : `not a CardgateError: ${String(e)}`;
  }
  return undefined;
};

describe('TD1 MRZ', () => {
  it('reproduces the Doc 9303 part 5 TD1 specimen', () => {
    const lines = composeTd1({
      documentCode: 'I',
      issuingState: 'UTO',
      documentNumber: 'D23145890',
      surname: 'Eriksson',
      givenNames: 'Anna María',
      sex: 'F',
      dateOfBirth: '1974-08-12',
      dateOfExpiry: '2012-04-15',
      nationality: 'UTO',
    });
    expect(lines).toEqual([
      'I<UTOD231458907<<<<<<<<<<<<<<<',
      '7408122F1204159UTO<<<<<<<<<<<6',
      'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
    ]);
  });

  it('computes check digits with weights 7 3 1', () => {
    expect(checkDigit('D23145890')).toBe('7');
    expect(checkDigit('740812')).toBe('2');
    expect(checkDigit('<<<<<<')).toBe('0');
  });

  it.each(persons)('$file passes the independent mrz parser', ({ record }) => {
    const lines = composeTd1(record);
    expect(lines.every((l) => /^[A-Z0-9<]{30}$/.test(l))).toBe(true);
    const result = parse(lines);
    expect(result.format).toBe('TD1');
    expect(result.details.filter((d) => !d.valid).map((d) => `${d.field}: ${d.error}`)).toEqual([]);
    expect(result.valid).toBe(true);
    // the parser joins a long number's continuation from the optional data itself
    expect(result.fields.documentNumber).toBe(record.documentNumber);
    expect(result.fields.nationality).toBe(record.nationality);
    expect(lines[2]).toContain('<<');
  });

  it('writes an unknown birth date with < and a stateless person as XXA', () => {
    const byName = Object.fromEntries(persons.map((p) => [p.file, composeTd1(p.record)]));
    expect(byName['unknown-birth-date.json']![1].slice(0, 6)).toBe('90<<<<');
    expect(byName['stateless-xxa.json']![1].slice(0, 6)).toBe('0106<<');
    expect(byName['stateless-xxa.json']![1].slice(7, 8)).toBe('<'); // sex X
    expect(byName['stateless-xxa.json']![1].slice(15, 18)).toBe('XXA');
  });

  it('continues a long document number in the optional data with its check digit', () => {
    const rec = persons.find((p) => p.record.documentNumber.length > 9)!.record;
    const [l1] = composeTd1(rec);
    expect(l1.slice(14, 15)).toBe('<');
    expect(l1.slice(15, 15 + rec.documentNumber.length - 9)).toBe(rec.documentNumber.slice(9));
    expect(l1[15 + rec.documentNumber.length - 9]).toBe(checkDigit(rec.documentNumber));
  });

  it('rejects impossible dates with MRZ_BAD_DATE', () => {
    const base = persons[0]!.record;
    expect(codeOf(() => composeTd1({ ...base, dateOfBirth: '2001-02-29' }))).toBe('MRZ_BAD_DATE');
    expect(codeOf(() => composeTd1({ ...base, dateOfBirth: '2001-04-31' }))).toBe('MRZ_BAD_DATE');
    expect(codeOf(() => composeTd1({ ...base, dateOfExpiry: '2027-XX-01' }))).toBe('MRZ_BAD_DATE');
    expect(codeOf(() => composeTd1({ ...base, dateOfBirth: 'XXXX-02-29' }))).toBeUndefined();
    expect(codeOf(() => composeTd1({ ...base, dateOfBirth: '1X9X-01-01' }))).toBe('MRZ_BAD_DATE');
  });

  it('writes a year known only in its first digits (19XX, 198X) as unknown, keeping month and day', () => {
    const base = persons[0]!.record;
    for (const year of ['19XX', '198X', 'XXXX']) {
      const [, l2] = composeTd1({ ...base, dateOfBirth: `${year}-03-XX` });
      expect(l2.slice(0, 6), year).toBe('<<03<<');
      expect(parse(composeTd1({ ...base, dateOfBirth: `${year}-03-XX` })).valid, year).toBe(true);
    }
  });
});

describe('Doc 9303 part 3 transliteration', () => {
  it.each([
    ['Ștefan Țăranu', 'STEFAN<TARANU'],
    ['Îndrăgită', 'INDRAGITA'],
    ['Érika', 'ERIKA'],
    ['Äöü ß', 'AEOEUE<SS'],
    ['Åse Ørsted', 'AASE<OERSTED'],
    ['Þór Æsir', 'THOR<AESIR'],
    ['Ĳsbrand', 'IJSBRAND'],
    ['Łukasz', 'LUKASZ'],
    ["O'Brien-Smith", 'OBRIEN<SMITH'],
    ['Жанна Хрущёв', 'ZHANNA<KHRUSHCHEV'],
    ['Цой Чайка Щука', 'TSOI<CHAIKA<SHCHUKA'],
    ['Юрий Яна', 'IURII<IANA'],
    ['Объедков', 'OBIEEDKOV'],
    ['Игорь', 'IGOR'],
    ['محمد', 'MXHMD'],
    ['خالد شريف', 'XKHALD<XSHRYF'],
    ['عبد الله', 'EBD<ALLH'],
    // Doc 9303 part 3 App. B: vowel marks are not written, shadda doubles its letter (عبّاس → EBBAS),
    // ة is XAH where a component ends, XTA elsewhere; and the standard's own worked example.
    ['مُحَمَّد', 'MXHMMD'],
    ['عبّاس', 'EBBAS'],
    ['فاطمة', 'FAXTTMXAH'],
    ['فاطمة الزهراء', 'FAXTTMXAH<ALZHRAXE'],
    ['مدرسةالنور', 'MDRSXTAALNWR'],
    ['ابو بكر محمد بن زكريا الرازي', 'ABW<BKR<MXHMD<BN<ZKRYA<ALRAZY'],
    // Persian, Urdu and Pashto letters of Table C
    ['چنگیز', 'XCNXGGXYAZ'],
    ['ژاله', 'XJALH'],
    ['پرویز', 'PRWXYAZ'],
    ['ٹیپو', 'XXTXYAPW'],
    // Presentation forms and ligatures read as their letters
    ['ﻻﻣﻊ', 'LAME'],
    ['ﷲ', 'ALLH'],
  ])('%s → %s', (name, expected) => {
    expect(transliterateName(name)).toBe(expected);
  });

  it.each([['王小明'], ['Anna 2'], ['ሰላም'], ['ڨاسم']])('refuses %s with MRZ_UNTRANSLITERABLE', (name) => {
    expect(codeOf(() => transliterateName(name))).toBe('MRZ_UNTRANSLITERABLE');
  });

  it('truncates long names keeping the << separator and a valid record', () => {
    const base = persons[0]!.record;
    const word = fc.stringMatching(/^[A-Za-zĂÂÎȘȚăâîșț]{1,14}$/);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 4 }),
        fc.array(word, { minLength: 1, maxLength: 5 }),
        (sur, given) => {
          const lines = composeTd1({ ...base, surname: sur.join(' '), givenNames: given.join(' ') });
          expect(lines[2]).toHaveLength(30);
          expect(lines[2]).toMatch(/^[A-Z]+(<[A-Z]+)*<<[A-Z]+(<[A-Z]+)*<*$/);
          expect(parse(lines).valid).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps gateway/document/mrz free of Node built-ins for the browser', () => {
    const dir = join(import.meta.dirname, '..', '..', 'gateway', 'document', 'mrz');
    const imports = (f: string): string[] =>
      [...readFileSync(join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      for (const spec of imports(f))
        expect(spec.startsWith('node:') || /^(fs|path|crypto|os)$/.test(spec)).toBe(false);
    }
  });
});
