import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the fleet area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const fleetCodes = {} as const satisfies Record<string, CatalogueEntry>;
