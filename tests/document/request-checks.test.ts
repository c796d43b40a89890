import { describe, expect, it } from 'vitest';
import {
  checkDocumentRecord,
  checkPersonFields,
  documentDates,
  forbiddenCharacter,
  isCalendarDate,
  isKnownNationality,
  partialDateSpan,
} from '../../gateway/document/checks/index.js';
import { person } from './card-helpers.js';

const rules = { today: '2026-11-30', validityDays: 180 };
const record = (over: Record<string, unknown> = {}) => ({
  ...person('cyrillic'),
  documentCode: 'IR',
  issuingState: 'ROU',
  documentNumber: 'RT0000001',
  dateOfIssue: '2026-11-30',
  dateOfExpiry: '2027-05-29',
  ...over,
});

describe('the request checks the operator page and the API share', () => {
  it('accepts every shipped person fixture', () => {
    for (const name of ['arabic', 'cyrillic', 'german-special-letters', 'identity-declared-refugee']) {
      const { documentNumber: _n, dateOfIssue: _i, dateOfExpiry: _e, ...p } = person(name);
      expect(checkPersonFields(p, rules), name).toEqual([]);
    }
  });

  it('knows ISO 3166-1 alpha-3 and the ICAO status codes, not made-up ones', () => {
    for (const c of [
      'ROU',
      'SYR',
      'AFG',
      'ERI',
      'UKR',
      'PSE',
      'SSD',
      'XXA',
      'XXB',
      'XXC',
      'XXX',
      'GBN',
      'UNK',
    ])
      expect(isKnownNationality(c), c).toBe(true);
    for (const c of ['ZZZ', 'XXY', 'ABC', 'SUN', 'YUG', 'RKS']) expect(isKnownNationality(c), c).toBe(false);
    expect(isKnownNationality('RKS', ['RKS'])).toBe(true);
  });

  it('finds control and format characters, and leaves letters of every script alone', () => {
    const bad = [0x07, 0x0a, 0x7f, 0xad, 0x200b, 0x200c, 0x200d, 0x200e, 0x2060, 0xfeff, 0xe000, 0x2028];
    for (let c = 0x202a; c <= 0x202e; c++) bad.push(c);
    for (let c = 0x2066; c <= 0x2069; c++) bad.push(c);
    for (const c of bad)
      expect(forbiddenCharacter(`ab${String.fromCodePoint(c)}cd`), c.toString(16)).not.toBeNull();
    for (const s of ['Ștefănescu', 'Шевченко', 'عبد الله', 'O’Brien-Smith', 'ሰላም', 'محمدرضا'])
      expect(forbiddenCharacter(s), s).toBeNull();
  });

  it('checks calendar dates and the span of partial ones', () => {
    expect(isCalendarDate('2026-11-31')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(partialDateSpan('19XX-XX-XX')).toEqual({ earliest: '1900-01-01', latest: '1999-12-31' });
    expect(partialDateSpan('198X-02-XX')).toEqual({ earliest: '1980-02-01', latest: '1989-02-28' });
    expect(partialDateSpan('XXXX-02-29')).not.toBeNull();
    expect(partialDateSpan('1990-02-30')).toBeNull();
    expect(partialDateSpan('1990-13-XX')).toBeNull();
  });

  it('gives the card the configured validity from its day of issue', () => {
    expect(documentDates('2026-11-30', 180)).toEqual({
      dateOfIssue: '2026-11-30',
      dateOfExpiry: '2027-05-29',
    });
  });

  it('orders a record’s dates: birth ≤ issue < expiry ≤ issue + validity', () => {
    expect(checkDocumentRecord(record(), rules)).toEqual([]);
    expect(checkDocumentRecord(record({ dateOfExpiry: '2026-01-01' }), rules)).toEqual([
      { field: 'dateOfExpiry', code: 'DATE_ORDER' },
    ]);
    expect(checkDocumentRecord(record({ dateOfExpiry: '2026-11-30' }), rules)).toEqual([
      { field: 'dateOfExpiry', code: 'DATE_ORDER' },
    ]);
    expect(checkDocumentRecord(record({ dateOfExpiry: '2027-05-30' }), rules)).toEqual([
      { field: 'dateOfExpiry', code: 'EXPIRY_BEYOND_VALIDITY' },
    ]);
    expect(checkDocumentRecord(record({ dateOfIssue: '2026-11-31' }), rules)).toContainEqual({
      field: 'dateOfIssue',
      code: 'DATE_IMPOSSIBLE',
    });
    expect(
      checkDocumentRecord(
        record({ dateOfIssue: '2026-01-01', dateOfExpiry: '2026-03-01', dateOfBirth: '2026-06-01' }),
        rules,
      ),
    ).toContainEqual({
      field: 'dateOfBirth',
      code: 'DATE_ORDER',
    });
  });

  it('reports a missing required field by name', () => {
    const { surname: _s, ...rest } = person('cyrillic');
    expect(checkPersonFields(rest, rules)).toContainEqual({ field: 'surname', code: 'FIELD_INVALID' });
  });
});
