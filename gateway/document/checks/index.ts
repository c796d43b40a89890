/**
 * The rules a request must pass before a document number is spent, shared by the API routes
 * (issuance, preview, MRZ) and the operator page (no Node imports: it runs in the browser).
 */
export {
  assertNoFieldErrors,
  checkDocumentRecord,
  checkIssuanceRequest,
  checkPersonFields,
  FieldsInvalidError,
  normalisePerson,
  STATION_FIELDS,
  TEXT_FIELDS,
  type DocumentRules,
  type FieldError,
  type FieldErrorCode,
} from './request.js';
export { addDays, documentDates, isCalendarDate, partialDateSpan } from './dates.js';
export { ICAO_NATIONALITY_CODES, isKnownNationality } from './nationality.js';
export { forbiddenCharacter, nfc } from './text.js';
