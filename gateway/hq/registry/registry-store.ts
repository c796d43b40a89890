import { CardgateError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import type { IssuanceRecord } from '../../handoff/contract/record.js';
import type { HqAuditLog } from '../audit/audit-store.js';
import type { Database, Queryable } from '../db/database.js';
import { recordStatusChange } from '../status/status-feed.js';
import { contentHash } from './content-hash.js';
import { nameTokens, queryTokens } from './name-index.js';
import type { RecordCipher } from './record-cipher.js';

export type DocumentStatus = 'valid' | 'expired' | 'revoked' | 'voided' | 'replaced' | 'lost';

export interface DocumentView {
  number: string;
  status: DocumentStatus;
  documentCode: string;
  dateOfIssue: string;
  dateOfExpiry: string;
  site: string;
  station: string;
}

export interface StoredRecord {
  recordId: string;
  receivedAt: string;
  record: IssuanceRecord;
}

export interface IngestMeta {
  /** When HQ received it (default: now). */
  receivedAt?: Date;
  /** The compact JWS as signed by the station: kept sealed with the record (it carries personal data). */
  jws?: string;
  /** Non-personal facts (certificate thumbprint, key ids). */
  facts?: Record<string, string | number | boolean | null>;
}

export interface RecordQuery {
  site?: string;
  station?: string;
  /** Final state at or after (inclusive) / before (exclusive). */
  from?: Date;
  to?: Date;
  name?: string;
  limit?: number;
}

interface DocumentRow {
  number: string;
  status: Exclude<DocumentStatus, 'expired'>;
  document_code: string;
  date_of_issue: string;
  date_of_expiry: string;
  site: string;
  station: string;
}

/**
 * The record a sealed row holds: the payload of the station's JWS (rows stored from this stop
 * on), or the record itself (rows stored without a JWS, and rows from before, which kept both).
 */
function recordOf(kept: { record?: IssuanceRecord; jws?: string | null }): IssuanceRecord {
  if (kept.record) return kept.record;
  const payload = kept.jws?.split('.')[1];
  if (!payload)
    throw new CardgateError('RECORD_UNREADABLE', 'a stored record holds neither a record nor a JWS');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as IssuanceRecord;
}

const ANNOUNCED = new Set(['revoked', 'lost', 'voided', 'replaced']);

/**
 * The national registry: every record stations hand off, sealed (RecordCipher), and the status
 * of every document number, kept together: a record and its document's status row commit in one
 * transaction, and every status change a station must hear of is numbered in the same one
 * (document_status_changes, the verify area's feed).
 */
export class RegistryStore {
  /**
   * Run inside the ingest transaction of every new (not duplicate) record: other areas keep what
   * they derive from records (protection notices and counts) consistent with the records.
   */
  readonly onCreated: Array<(tx: Queryable, record: IssuanceRecord) => Promise<void>> = [];

  constructor(
    readonly db: Database,
    readonly cipher: RecordCipher,
    readonly audit: HqAuditLog,
    readonly clock: Clock,
  ) {}

  /**
   * Stores a record once: 'created' when new, 'duplicate' when the same record (same content)
   * was stored before, RECORD_CONFLICT when the same record id arrives with other content.
   */
  async ingest(
    station: { site: string; station: string },
    record: IssuanceRecord,
    meta: IngestMeta = {},
  ): Promise<'created' | 'duplicate'> {
    if (record.siteId !== station.site || record.stationId !== station.station)
      throw new CardgateError(
        'RECORD_STATION_MISMATCH',
        `record ${record.recordId} names ${record.siteId}/${record.stationId}, sent by ${station.site}/${station.station}`,
      );
    const hash = contentHash(record);
    // The station's JWS is the record (its payload) and its proof: kept alone, not beside a second
    // copy of the record, which doubled every row (photo included) and HQ's cost to write it.
    const sealed = await this.cipher.seal(
      Buffer.from(JSON.stringify(meta.jws ? { jws: meta.jws } : { record })),
      record.recordId,
    );
    const tokens = await Promise.all(
      nameTokens([
        record.person?.surname,
        record.person?.givenNames,
        record.person?.latinSurname,
        record.person?.latinGivenNames,
        record.mrz?.[2],
      ]).map((t) => this.cipher.blindIndex(t)),
    );
    const receivedAt = meta.receivedAt ?? new Date(this.clock.now());
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO records (record_id, number, site, station, final_state, job_kind, training, document_code,
                              date_of_issue, date_of_expiry, previous_number, final_at, received_at, content_hash,
                              key_id, sealed, name_tokens, meta)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (record_id) DO NOTHING RETURNING record_id`,
        [
          record.recordId,
          record.document.number,
          station.site,
          station.station,
          record.finalState,
          record.jobKind,
          record.training,
          record.document.documentCode,
          record.document.dateOfIssue,
          record.document.dateOfExpiry,
          record.document.previousNumber,
          record.timestamps.finalAt,
          receivedAt,
          hash,
          sealed.keyId,
          sealed.bytes,
          tokens,
          JSON.stringify(meta.facts ?? {}),
        ],
      );
      if (inserted.length === 0) {
        const [before] = await tx.query<{ content_hash: Buffer }>(
          'SELECT content_hash FROM records WHERE record_id = $1',
          [record.recordId],
        );
        if (before && Buffer.compare(before.content_hash, hash) === 0) return 'duplicate' as const;
        throw new CardgateError(
          'RECORD_CONFLICT',
          `record ${record.recordId} was stored before with other content`,
          { details: { recordId: record.recordId } },
        );
      }
      // Training cards are never real documents: stored for the station's books, no status.
      if (!record.training) await this.#applyToDocuments(tx, record, receivedAt);
      for (const hook of this.onCreated) await hook(tx, record);
      return 'created' as const;
    });
  }

  async #applyToDocuments(tx: Queryable, record: IssuanceRecord, at: Date): Promise<void> {
    const d = record.document;
    const status = record.finalState === 'issued' ? 'valid' : 'voided';
    const reason = record.finalState === 'spoiled' ? 'spoiled at the station' : record.voidReason;
    // A document revoked or reported lost at HQ keeps that status whatever the station says later.
    const rows = await tx.query<{ status: string; inserted: boolean }>(
      `INSERT INTO documents (number, status, document_code, date_of_issue, date_of_expiry, site, station,
                              record_id, status_reason, status_by, status_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (number) DO UPDATE SET status = EXCLUDED.status, status_reason = EXCLUDED.status_reason,
              status_by = EXCLUDED.status_by, status_at = EXCLUDED.status_at, record_id = EXCLUDED.record_id
        WHERE documents.status NOT IN ('revoked', 'lost') AND EXCLUDED.status = 'voided'
       RETURNING status, (xmax = 0) AS inserted`,
      [
        d.number,
        status,
        d.documentCode,
        d.dateOfIssue,
        d.dateOfExpiry,
        record.siteId,
        record.stationId,
        record.recordId,
        status === 'voided' ? reason : null,
        `station:${record.siteId}/${record.stationId}`,
        at,
      ],
    );
    // Stations hear of a card that existed and is now void; a number spoiled before any card was
    // made was never valid anywhere.
    if (rows[0]?.status === 'voided' && !rows[0].inserted)
      await recordStatusChange(tx, { number: d.number, status: 'voided', at });
    if (record.finalState === 'issued' && d.previousNumber) {
      const replaced = await tx.query(
        `UPDATE documents SET status = 'replaced', replaced_by = $2, status_at = $3,
                status_by = $4, status_reason = $5
          WHERE number = $1 AND status = 'valid' RETURNING number`,
        [
          d.previousNumber,
          d.number,
          at,
          `station:${record.siteId}/${record.stationId}`,
          `${record.jobKind} ${d.number}`,
        ],
      );
      if (replaced.length > 0)
        await recordStatusChange(tx, { number: d.previousNumber, status: 'replaced', at });
    }
  }

  /** A document's status (`expired` when valid and past its date of expiry), or null. */
  async document(number: string): Promise<DocumentView | null> {
    const [row] = await this.db.query<DocumentRow>(
      `SELECT number, status, document_code, to_char(date_of_issue, 'YYYY-MM-DD') AS date_of_issue,
              to_char(date_of_expiry, 'YYYY-MM-DD') AS date_of_expiry, site, station
         FROM documents WHERE number = $1`,
      [number],
    );
    if (!row) return null;
    const today = new Date(this.clock.now()).toISOString().slice(0, 10);
    return {
      number: row.number,
      status: row.status === 'valid' && row.date_of_expiry < today ? 'expired' : row.status,
      documentCode: row.document_code,
      dateOfIssue: row.date_of_issue,
      dateOfExpiry: row.date_of_expiry,
      site: row.site,
      station: row.station,
    };
  }

  /**
   * Revoke or report lost, by a caseworker with a reason: the status, its audit entry and the
   * change announced to stations commit together. DOCUMENT_STATUS_FINAL for a document that is
   * no longer valid (voided, replaced; revoked stays revoked).
   */
  async setStatus(number: string, status: 'revoked' | 'lost', by: { actor: string; reason: string }) {
    const at = new Date(this.clock.now());
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ status: string }>(
        'SELECT status FROM documents WHERE number = $1 FOR UPDATE',
        [number],
      );
      if (!row) throw new CardgateError('DOCUMENT_NOT_FOUND', `no document ${number} in the registry`);
      if (row.status !== 'valid' && !(row.status === 'lost' && status === 'revoked'))
        throw new CardgateError(
          'DOCUMENT_STATUS_FINAL',
          `document ${number} is ${row.status}: it cannot become ${status}`,
          {
            details: { status: row.status },
          },
        );
      await tx.query(
        'UPDATE documents SET status = $2, status_reason = $3, status_by = $4, status_at = $5 WHERE number = $1',
        [number, status, by.reason, by.actor, at],
      );
      if (ANNOUNCED.has(status)) await recordStatusChange(tx, { number, status, at });
      await this.audit.appendIn(tx, {
        actor: by.actor,
        action: `document.${status === 'revoked' ? 'revoke' : 'lost'}`,
        target: number,
        outcome: 'ok',
        reason: by.reason,
        details: { from: row.status },
      });
    });
  }

  /** Every record of a document number, opened, oldest first. */
  async records(number: string): Promise<StoredRecord[]> {
    const rows = await this.db.query<{
      record_id: string;
      key_id: string;
      sealed: Buffer;
      received_at: Date;
    }>(
      'SELECT record_id, key_id, sealed, received_at FROM records WHERE number = $1 ORDER BY final_at, record_id',
      [number],
    );
    return Promise.all(rows.map((r) => this.#open(r)));
  }

  /** Records matching every given filter, newest first; a name matches by all its parts. */
  async search(q: RecordQuery): Promise<StoredRecord[]> {
    const tokens = q.name
      ? await Promise.all(queryTokens(q.name).map((t) => this.cipher.blindIndex(t)))
      : null;
    if (tokens && tokens.length === 0) return [];
    const rows = await this.db.query<{
      record_id: string;
      key_id: string;
      sealed: Buffer;
      received_at: Date;
    }>(
      `SELECT record_id, key_id, sealed, received_at FROM records
        WHERE ($1::text IS NULL OR site = $1) AND ($2::text IS NULL OR station = $2)
          AND ($3::timestamptz IS NULL OR final_at >= $3) AND ($4::timestamptz IS NULL OR final_at < $4)
          AND ($5::bytea[] IS NULL OR name_tokens @> $5)
        ORDER BY final_at DESC, record_id LIMIT $6`,
      [q.site ?? null, q.station ?? null, q.from ?? null, q.to ?? null, tokens, q.limit ?? 50],
    );
    return Promise.all(rows.map((r) => this.#open(r)));
  }

  async #open(r: {
    record_id: string;
    key_id: string;
    sealed: Buffer;
    received_at: Date;
  }): Promise<StoredRecord> {
    const plain = await this.cipher.open({ keyId: r.key_id, bytes: r.sealed }, r.record_id);
    const kept = JSON.parse(plain.toString('utf8')) as { record?: IssuanceRecord; jws?: string | null };
    return { recordId: r.record_id, receivedAt: r.received_at.toISOString(), record: recordOf(kept) };
  }
}
