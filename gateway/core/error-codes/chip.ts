import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the chip area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const chipCodes = {} as const satisfies Record<string, CatalogueEntry>;
