import type { IssuanceRecord } from '../../handoff/contract/record.js';

/** The station a record came from, as its certificate names it. */
export interface RecordStation {
  site: string;
  station: string;
}

/** What the registry keeps beside the record: the station's signed JWS as proof, and when. */
export interface RecordMeta {
  receivedAt?: Date;
  jws?: string;
  facts?: Record<string, string | number | boolean | null>;
}

/**
 * The registry's side of ingest (the `hq` area's RegistryStore): stores a record and its
 * document's status row in one transaction; 'duplicate' for the same record id with the same
 * content; throws RECORD_CONFLICT for the same id with different content.
 */
export interface RecordRegistry {
  ingest(station: RecordStation, record: IssuanceRecord, meta: RecordMeta): Promise<'created' | 'duplicate'>;
}
