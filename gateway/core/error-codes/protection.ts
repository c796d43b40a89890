import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the vulnerability (protection) details, spread into ERROR_CATALOGUE. */
export const protectionCodes = {
  PROTECTION_INVALID: { status: 422 },
  PROTECTION_PERMISSION_REQUIRED: { status: 403 },
  PROTECTION_NOTICE_NOT_FOUND: { status: 404 },
  // field codes inside a 422 FIELDS_INVALID answer (gateway/protection/protection-details.ts)
  PROTECTION_CHILD_ONLY: { status: 422 },
  PROTECTION_FLAGS_CONFLICT: { status: 422 },
} as const satisfies Record<string, CatalogueEntry>;
