import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of training mode (gateway/training), spread into ERROR_CATALOGUE. */
export const trainingCodes = {
  TRAINING_PREFIX_IN_PRODUCTION: { status: 500 },
  TRAINING_ONLY: { status: 409 },
  TRAINING_ACTIVE: { status: 409 },
  DRILL_UNKNOWN_FAULT: { status: 400 },
  DRILL_NO_EMULATOR: { status: 409 },
  DRILL_NOT_FOUND: { status: 404 },
} as const satisfies Record<string, CatalogueEntry>;
