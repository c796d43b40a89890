import type { CatalogueEntry } from '../error-catalogue.js';

/**
 * Error codes of the hand-off to HQ (gateway/handoff, gateway/enrolment) and HQ's enrolment and
 * record ingest (gateway/hq/enrolment, gateway/hq/ingest), spread into ERROR_CATALOGUE.
 */
export const handoffCodes = {
  // records arriving at HQ
  RECORD_JOSE_MALFORMED: { status: 400 },
  RECORD_KEY_UNKNOWN: { status: 400 },
  RECORD_DECRYPT_FAILED: { status: 400 },
  RECORD_SIGNATURE_INVALID: { status: 401 },
  RECORD_SCHEMA: { status: 422 },
  RECORD_STATION_MISMATCH: { status: 403 },
  RECORD_TOO_LARGE: { status: 413 },
  STATION_UNKNOWN: { status: 403 },
  STATION_SUSPENDED: { status: 403 },
  // enrolment
  ENROL_TOKEN_INVALID: { status: 401 },
  ENROL_TOKEN_EXPIRED: { status: 401 },
  ENROL_TOKEN_USED: { status: 409 },
  ENROL_CSR_INVALID: { status: 400 },
  ENROL_HQ_MISMATCH: { status: 502 },
  ENROL_HQ_UNREACHABLE: { status: 503 },
  ENROL_EXISTS: { status: 409 },
  STATION_EXISTS: { status: 409 },
  STATION_NOT_FOUND: { status: 404 },
  NOT_ENROLLED: { status: 409 },
  HQ_KEYS_MISMATCH: { status: 500 },
  ENROLMENT_FILE_INVALID: { status: 500 },
  // the station's outbox and pump
  HANDOFF_REFUSED: { status: 502 },
  HANDOFF_UNREACHABLE: { status: 503 },
  HANDOFF_OUTBOX_CORRUPT: { status: 500 },
  HANDOFF_RECORD_NOT_BUILT: { status: 500 },
} as const satisfies Record<string, CatalogueEntry>;
