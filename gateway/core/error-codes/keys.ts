import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the key store (gateway/keys), spread into ERROR_CATALOGUE. */
export const keysCodes = {
  KEY_LABEL_INVALID: { status: 500 },
  KEY_FILE_INSECURE: { status: 500 },
  KEY_NOT_FOUND: { status: 500 },
  KEY_EXISTS: { status: 409 },
  KEY_UNWRAP_FAILED: { status: 500 },
  KEY_STORE_UNAVAILABLE: { status: 503 },
  KEY_STORE_TOKEN_REQUIRED: { status: 503 },
} as const satisfies Record<string, CatalogueEntry>;
