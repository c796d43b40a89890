import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the applicant area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const applicantCodes = {
  // pairing an applicant screen with a desk
  PAIRING_CODE_INVALID: { status: 404 },
  PAIRING_RATE_LIMITED: { status: 429 },
  APPLICANT_NOT_PAIRED: { status: 401 },
  // the confirmation gate in front of issuance
  APPLICANT_CONFIRMATION_REQUIRED: { status: 409 },
  APPLICANT_NOTHING_TO_CONFIRM: { status: 409 },
  APPLICANT_ANSWER_STALE: { status: 409 },
  OVERRIDE_REASON_REQUIRED: { status: 400 },
  // queue tickets
  QUEUE_EMPTY: { status: 409 },
  QUEUE_RATE_LIMITED: { status: 429 },
  QUEUE_STORE_CORRUPT: { status: 500 },
  // information point content and speech
  INFO_LANGUAGE_UNKNOWN: { status: 404 },
  INFO_PAGE_NOT_FOUND: { status: 404 },
  INFO_CONTENT_INVALID: { status: 400 },
  SPEECH_UNAVAILABLE: { status: 503 },
  SPEECH_LANGUAGE_UNSUPPORTED: { status: 404 },
} as const satisfies Record<string, CatalogueEntry>;
