import type { IssuanceRecord } from '../../handoff/contract/record.js';
import { needsProtectionNotice, type ProtectionDetails } from '../../protection/protection-details.js';
import type { Database, Queryable } from '../db/database.js';
import type { RecordCipher } from '../registry/record-cipher.js';
import { publishedCount } from './suppress.js';

export interface ProtectionNotice {
  recordId: string;
  number: string;
  site: string;
  station: string;
  kind: 'unaccompanied-minor' | 'separated-child';
  declaredAge: number | null;
  ageAssessed: boolean;
  representativeAtStation: boolean;
  registeredAt: string;
  assignedAt: string | null;
  assignedBy: string | null;
}

export interface CountRow {
  site: string;
  day: string;
  category: string;
  people: number | '<5';
}

interface NoticeRow {
  record_id: string;
  number: string;
  site: string;
  station: string;
  kind: ProtectionNotice['kind'];
  declared_age: number | null;
  age_assessed: boolean;
  representative_at_station: boolean;
  registered_at: Date;
  assigned_at: Date | null;
  assigned_by: string | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
const dayOf = (d: unknown): string =>
  d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);

/**
 * HQ's side of protection: on every new record of a new card it counts the person's categories
 * for planning, and for an unaccompanied or separated child it opens a notice in the caseworkers'
 * list. Runs inside the registry's ingest transaction, so a record and its notice and counts
 * commit together, and a duplicate record (not 'created') counts nothing twice.
 */
export class ProtectionStore {
  constructor(
    readonly db: Database,
    readonly cipher: RecordCipher,
  ) {}

  async onRecordCreated(tx: Queryable, record: IssuanceRecord): Promise<void> {
    const p = record.protection as ProtectionDetails | undefined;
    if (!p || record.training || record.finalState !== 'issued' || record.jobKind !== 'new') return;
    const day = record.timestamps.finalAt.slice(0, 10);
    for (const category of new Set(p.flags))
      await tx.query(
        `INSERT INTO protection_counts (site, day, category, people) VALUES ($1, $2, $3, 1)
         ON CONFLICT (site, day, category) DO UPDATE SET people = protection_counts.people + 1`,
        [record.siteId, day, category],
      );
    if (!needsProtectionNotice(p)) return;
    await tx.query(
      `INSERT INTO protection_notices (record_id, number, site, station, kind, declared_age, age_assessed,
                                       representative_at_station, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (record_id) DO NOTHING`,
      [
        record.recordId,
        record.document.number,
        record.siteId,
        record.stationId,
        p.flags.includes('unaccompanied-minor') ? 'unaccompanied-minor' : 'separated-child',
        p.declaredAge ?? null,
        p.ageAssessed ?? false,
        !!p.legalRepresentative,
        record.timestamps.finalAt,
      ],
    );
  }

  /** Children without a representative yet (or all notices), oldest first. */
  async notices(opts: { open?: boolean; limit?: number } = {}): Promise<ProtectionNotice[]> {
    const rows = await this.db.query<NoticeRow>(
      `SELECT * FROM protection_notices ${opts.open === false ? '' : 'WHERE assigned_at IS NULL AND NOT representative_at_station'}
       ORDER BY registered_at LIMIT $1`,
      [opts.limit ?? 500],
    );
    return rows.map((r) => ({
      recordId: r.record_id,
      number: r.number,
      site: r.site,
      station: r.station,
      kind: r.kind,
      declaredAge: r.declared_age,
      ageAssessed: r.age_assessed,
      representativeAtStation: r.representative_at_station,
      registeredAt: iso(r.registered_at)!,
      assignedAt: iso(r.assigned_at),
      assignedBy: r.assigned_by,
    }));
  }

  /** Records the representative HQ assigned (sealed: it names a person). False when there is no such notice. */
  async assign(
    recordId: string,
    representative: { name: string; organisation: string },
    by: string,
    at: Date,
  ): Promise<boolean> {
    const sealed = await this.cipher.seal(Buffer.from(JSON.stringify(representative)), recordId);
    const rows = await this.db.query(
      `UPDATE protection_notices SET assigned_at = $2, assigned_by = $3, assigned_key_id = $4, assigned_sealed = $5
       WHERE record_id = $1 RETURNING record_id`,
      [recordId, at, by, sealed.keyId, sealed.bytes],
    );
    return rows.length === 1;
  }

  /** People per site, day and category in a date range, small numbers suppressed. */
  async counts(range: { from: string; to: string; site?: string }): Promise<CountRow[]> {
    const rows = await this.db.query<{ site: string; day: unknown; category: string; people: number }>(
      `SELECT site, day, category, people FROM protection_counts
       WHERE day BETWEEN $1 AND $2 AND ($3::text IS NULL OR site = $3)
       ORDER BY site, day, category`,
      [range.from, range.to, range.site ?? null],
    );
    return rows.map((r) => ({
      site: r.site,
      day: dayOf(r.day),
      category: r.category,
      people: publishedCount(Number(r.people)),
    }));
  }
}
