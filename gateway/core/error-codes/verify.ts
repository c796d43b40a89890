import type { CatalogueEntry } from '../error-catalogue.js';

/**
 * Error and warning codes of the verify area (document status list, revocations to stations,
 * the verify and caseworker pages), spread into ERROR_CATALOGUE.
 */
export const verifyCodes = {
  /** A station without a status list was sent HQ's document-status command. */
  STATUS_LIST_UNAVAILABLE: { status: 503 },
  /** Warnings on the re-issue flow: HQ revoked the document, or it was reported lost. */
  REISSUE_DOCUMENT_REVOKED: { status: 409 },
  REISSUE_DOCUMENT_LOST: { status: 409 },
} as const satisfies Record<string, CatalogueEntry>;
