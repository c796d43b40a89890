import { PersonRecord } from '../../../../gateway/document/person.js';
import type { MessageKey } from '../../i18n/index.js';

/**
 * Validation as the operator types, from the very schema the API validates with
 * (gateway/document/person.ts), so the page and the gateway never disagree on a rule.
 */
export type PersonForm = {
  surname: string;
  givenNames: string;
  latinSurname: string;
  latinGivenNames: string;
  sex: '' | 'M' | 'F' | 'X';
  birthYear: string;
  birthMonth: string;
  birthDay: string;
  nationality: string;
  personalCode: string;
  placeOfResidence: string;
  identityDeclared: boolean;
};

export const emptyForm = (): PersonForm => ({
  surname: '',
  givenNames: '',
  latinSurname: '',
  latinGivenNames: '',
  sex: '',
  birthYear: '',
  birthMonth: 'XX',
  birthDay: 'XX',
  nationality: '',
  personalCode: '',
  placeOfResidence: '',
  identityDeclared: false,
});

interface FieldSchema {
  type?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  anyOf?: { const?: unknown }[];
}
const props = PersonRecord.properties as unknown as Record<string, FieldSchema>;
const required = new Set<string>(PersonRecord.required as readonly string[]);
const patterns = new Map<string, RegExp>();
for (const [k, s] of Object.entries(props)) if (s.pattern) patterns.set(k, new RegExp(s.pattern, 'u'));

/** The record the API receives: empty optional fields left out. */
export function toPerson(f: PersonForm): Record<string, unknown> {
  const p: Record<string, unknown> = {
    surname: f.surname.trim(),
    givenNames: f.givenNames.trim(),
    sex: f.sex,
    dateOfBirth: `${f.birthYear.trim().toUpperCase()}-${f.birthMonth}-${f.birthDay}`,
    nationality: f.nationality.trim().toUpperCase(),
    identityDeclared: f.identityDeclared,
  };
  const opt = (k: keyof PersonForm, v: string) => {
    const s = v.trim();
    if (s) p[k] = s;
  };
  opt('latinSurname', f.latinSurname);
  opt('latinGivenNames', f.latinGivenNames);
  opt('personalCode', f.personalCode);
  opt('placeOfResidence', f.placeOfResidence);
  return p;
}

export function fromPerson(p: Record<string, unknown> | undefined): PersonForm {
  const f = emptyForm();
  if (!p) return f;
  const s = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
  f.surname = s('surname');
  f.givenNames = s('givenNames');
  f.latinSurname = s('latinSurname');
  f.latinGivenNames = s('latinGivenNames');
  const sex = s('sex');
  f.sex = sex === 'M' || sex === 'F' || sex === 'X' ? sex : '';
  const [y = '', m = 'XX', d = 'XX'] = s('dateOfBirth').split('-');
  f.birthYear = y;
  f.birthMonth = m;
  f.birthDay = d;
  f.nationality = s('nationality');
  f.personalCode = s('personalCode');
  f.placeOfResidence = s('placeOfResidence');
  f.identityDeclared = p.identityDeclared === true;
  return f;
}

export type FieldErrors = Partial<Record<string, MessageKey>>;

/** Errors keyed by record field; `dateOfBirth` also covers the three date inputs. */
export function validate(f: PersonForm, today = new Date()): FieldErrors {
  const person = toPerson(f);
  const errors: FieldErrors = {};
  for (const [key, schema] of Object.entries(props)) {
    const v = person[key];
    if (v === undefined || v === '') {
      if (required.has(key) && (schema.minLength ?? 0) > 0) errors[key] = 'v.required';
      else if (required.has(key) && (schema.anyOf || schema.pattern)) errors[key] = 'v.required';
      continue;
    }
    if (schema.anyOf && !schema.anyOf.some((a) => a.const === v)) errors[key] = 'v.choose';
    else if (typeof v === 'string') {
      if (schema.minLength !== undefined && v.length < schema.minLength) errors[key] = 'v.required';
      else if (schema.maxLength !== undefined && v.length > schema.maxLength) errors[key] = 'v.tooLong';
      else if (patterns.has(key) && !patterns.get(key)!.test(v))
        errors[key] = `v.pattern.${key}` as MessageKey;
    }
  }
  // An empty year is missing, not malformed: say "Required." rather than the format rule.
  if (f.birthYear.trim() === '') errors.dateOfBirth = 'v.required';
  if (!errors.dateOfBirth) {
    const y = f.birthYear.trim().toUpperCase();
    // The schema's pattern already allows only trailing unknown digits (19XX, 198X, XXXX).
    if (/^[0-9]{4}$/.test(y)) {
      const year = Number(y);
      if (year > today.getFullYear() || year < today.getFullYear() - 130) errors.dateOfBirth = 'v.yearRange';
      else if (f.birthMonth !== 'XX' && f.birthDay !== 'XX') {
        const d = new Date(Date.UTC(year, Number(f.birthMonth) - 1, Number(f.birthDay)));
        if (d.getUTCDate() !== Number(f.birthDay)) errors.dateOfBirth = 'v.noSuchDay';
        else if (d.getTime() > today.getTime()) errors.dateOfBirth = 'v.future';
      }
    } else if (/^[0-9]{1,3}/.test(y) && Number(y.replace(/X/g, '0')) > today.getFullYear()) {
      errors.dateOfBirth = 'v.yearRange';
    } else if (f.birthMonth !== 'XX' && f.birthDay !== 'XX') {
      // Unknown year: 29 February is possible, 30 February never.
      const d = new Date(Date.UTC(2000, Number(f.birthMonth) - 1, Number(f.birthDay)));
      if (d.getUTCDate() !== Number(f.birthDay)) errors.dateOfBirth = 'v.noSuchDay';
    }
  }
  return errors;
}

/** Which date input an error of the date of birth is about, so only that one is outlined. */
export function datePart(error: MessageKey | undefined): 'year' | 'day' | null {
  if (!error) return null;
  return error === 'v.noSuchDay' || error === 'v.future' ? 'day' : 'year';
}
