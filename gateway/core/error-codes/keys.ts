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
  // data keys wrapped by the store (gateway/crypto/keyring.ts)
  DATA_KEYS_FOREIGN: { status: 500 },
  DATA_KEYS_CORRUPT: { status: 500 },
  // the country signing CA and document signers (gateway/pki)
  PKI_NAME_INVALID: { status: 400 },
  PKI_CSR_INVALID: { status: 400 },
  PKI_CSCA_KEY_MISMATCH: { status: 400 },
  PKI_CSCA_MISSING: { status: 400 },
  PKI_BOOKS_CORRUPT: { status: 500 },
  PKI_DS_MISMATCH: { status: 400 },
  PKI_VALIDITY_INVALID: { status: 400 },
  PKI_SIGNER_UNKNOWN: { status: 422 },
  PKI_SIGNER_REVOKED: { status: 422 },
  PKI_SIGNER_EXPIRED: { status: 422 },
  PKI_CRL_INVALID: { status: 422 },
} as const satisfies Record<string, CatalogueEntry>;
