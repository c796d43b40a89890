import { checkPersonFields, type FieldError } from '../../../../gateway/document/checks/index.js';
import { ApiError } from '../../api.js';
import { hasCode, type MessageKey } from '../../i18n/index.js';
import type { FieldErrors } from './validation.js';

/** A field error code as its catalogue text key (`error.<CODE>`), a generic one if unknown. */
const keyOf = (code: string): MessageKey =>
  (hasCode('error', code) ? `error.${code}` : 'error.FIELD_INVALID') as MessageKey;

/** The form's fields an error of a record field is shown at. */
const AT: Record<string, string> = { dateOfBirth: 'dateOfBirth' };

function toFieldErrors(
  errors: readonly FieldError[] | readonly { field: string; code: string }[],
): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const at = AT[e.field] ?? e.field;
    if (at && !out[at]) out[at] = keyOf(e.code);
  }
  return out;
}

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * The station's request rules, run in the page with the very module the issuances route calls
 * before a number is spent (gateway/document/checks): every name transliterable, no control
 * characters, a possible date of birth. An unknown nationality is left to the station, which
 * knows the extra codes it is configured with; its refusal comes back at the field (below).
 */
export function requestChecks(person: Record<string, unknown>): FieldErrors {
  const errors = checkPersonFields(person, { today: today(), validityDays: 1 }).filter(
    (e) => e.code !== 'NATIONALITY_UNKNOWN',
  );
  return toFieldErrors(errors);
}

/** The API's 422 FIELDS_INVALID as errors at the fields, in the page's language. */
export function refusedFields(e: unknown): FieldErrors | null {
  if (!(e instanceof ApiError) || !e.fieldErrors?.length) return null;
  return toFieldErrors(e.fieldErrors);
}
