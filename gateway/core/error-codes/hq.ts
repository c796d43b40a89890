import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the hq area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const hqCodes = {
  // database and migrations (gateway/hq/db)
  DB_URL_INVALID: { status: 400 },
  DB_UNAVAILABLE: { status: 503 },
  DB_IN_USE: { status: 409 },
  MIGRATION_INVALID: { status: 500 },
  MIGRATION_CHANGED: { status: 500 },
  MIGRATION_FAILED: { status: 500 },
  // accounts (gateway/hq/accounts)
  PERMISSION_INVALID: { status: 400 },
  // registry (gateway/hq/registry)
  RECORD_CONFLICT: { status: 409 },
  RECORD_UNREADABLE: { status: 500 },
  RECORD_NOT_FOUND: { status: 404 },
  DOCUMENT_NOT_FOUND: { status: 404 },
  DOCUMENT_STATUS_FINAL: { status: 409 },
  REASON_REQUIRED: { status: 400 },
} as const satisfies Record<string, CatalogueEntry>;
