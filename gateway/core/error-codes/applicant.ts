import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the applicant area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const applicantCodes = {} as const satisfies Record<string, CatalogueEntry>;
