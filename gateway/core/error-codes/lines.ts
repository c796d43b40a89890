import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the lines area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const linesCodes = {} as const satisfies Record<string, CatalogueEntry>;
