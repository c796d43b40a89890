import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the hq area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const hqCodes = {} as const satisfies Record<string, CatalogueEntry>;
