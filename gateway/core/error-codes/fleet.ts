import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the fleet area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const fleetCodes = {
  FLEET_STATION_UNKNOWN: { status: 404 },
  FLEET_MESSAGE_REFUSED: { status: 422 },
  FLEET_INGEST_RETRY: { status: 503 },
  FLEET_NATS_CONSUMER_NOT_REPLICATED: { status: 503 },
} as const satisfies Record<string, CatalogueEntry>;
