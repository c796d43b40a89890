import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the lines area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const linesCodes = {
  /** No print line with this id. */
  LINE_NOT_FOUND: { status: 404 },
  /** Several lines: a stock action must name its line. */
  LINE_REQUIRED: { status: 400 },
  /** The lines given to issuance cannot work (a line twice, no devices). */
  LINE_CONFIG_INVALID: { status: 500 },
  /** A line's encoder does not see its reader (unplugged, or the PC/SC service is down). */
  LINE_READER_MISSING: { status: 503 },
  /** A line's printer link is lost. */
  LINE_PRINTER_OFFLINE: { status: 503 },
  /** A technician took the line out of service. */
  LINE_OUT_OF_SERVICE: { status: 409 },
  /** A line stopped on a device fault; its job went back to the queue. */
  LINE_FAULT: { status: 409 },
} as const satisfies Record<string, CatalogueEntry>;
