import type { FieldErrors } from './validation.js';

/**
 * The station's issuance-request rules beyond the record's schema: every character
 * transliterable for the MRZ, dates possible and ordered, a known nationality.
 *
 * HOOK: helper `document` provides these as a browser-safe module (the same one the issuances
 * route calls before a document number is spent). Once it is on main, call it here and map each
 * field code to a `v.*` catalogue key, so the form shows the API's errors at the field, in the
 * page's language, before Issue can be pressed. Until then the schema checks in validation.ts
 * are the page's whole check and the API's refusal is shown under the form.
 */
export function requestChecks(_person: Record<string, unknown>): FieldErrors {
  return {};
}
