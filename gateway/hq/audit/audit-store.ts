import { createHash } from 'node:crypto';
import type { AuditEntryInput, AuditSink } from '../../core/audit-sink.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { PERSONAL_FIELDS } from '../../document/person.js';
import type { Database, Queryable } from '../db/database.js';

/** An HQ audit entry: the station's shape plus why (required when a person views a record). */
export interface HqAuditInput extends AuditEntryInput {
  reason?: string;
}

export interface HqAuditEntry extends HqAuditInput {
  seq: number;
  at: string;
  prev: string;
  hash: string;
}

export interface HqAuditVerifyReport {
  valid: boolean;
  entries: number;
  firstBroken?: { seq: number; reason: string };
}

const GENESIS = '0'.repeat(64);
const PERSONAL = new Set<string>(PERSONAL_FIELDS);

/** Details with sorted keys: jsonb stores keys in its own order, the hash must not depend on it. */
const canonical = (d: HqAuditInput['details']) =>
  d === undefined ? null : Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : 1)));

function hashOf(e: Omit<HqAuditEntry, 'hash'>): string {
  const body = JSON.stringify([
    e.seq,
    e.at,
    e.prev,
    e.actor,
    e.action,
    e.target ?? null,
    e.outcome ?? null,
    e.reason ?? null,
    canonical(e.details),
  ]);
  return createHash('sha256').update(body).digest('hex');
}

/** Personal data never enters the trail: fields named like personal ones are dropped. */
function scrub(details: AuditEntryInput['details']): AuditEntryInput['details'] {
  if (!details) return undefined;
  return Object.fromEntries(Object.entries(details).filter(([k]) => !PERSONAL.has(k)));
}

interface Row {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed' | null;
  reason: string | null;
  details: Record<string, string | number | boolean | null> | null;
  prev: string;
  hash: string;
}

const toEntry = (r: Row): HqAuditEntry => ({
  seq: r.seq,
  at: r.at.toISOString(),
  actor: r.actor,
  action: r.action,
  ...(r.target !== null ? { target: r.target } : {}),
  ...(r.outcome !== null ? { outcome: r.outcome } : {}),
  ...(r.reason !== null ? { reason: r.reason } : {}),
  ...(r.details !== null ? { details: r.details } : {}),
  prev: r.prev,
  hash: r.hash,
});

/**
 * HQ's audit trail in the database: the station's hash chain (each entry carries the hash of
 * the one before), appended by any replica. Every append locks the one `audit_head` row, so
 * appends from all replicas take one order; `appendIn(tx, …)` writes the entry inside the
 * caller's transaction, so an action and its audit entry commit together or not at all.
 */
export class HqAuditLog implements AuditSink {
  readonly #clock: Clock;

  constructor(
    readonly db: Database,
    opts: { clock?: Clock } = {},
  ) {
    this.#clock = opts.clock ?? systemClock;
  }

  append(entry: HqAuditInput): Promise<void> {
    return this.db.transaction((tx) => this.appendIn(tx, entry)).then(() => undefined);
  }

  async appendIn(tx: Queryable, input: HqAuditInput): Promise<HqAuditEntry> {
    const [head] = await tx.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
    );
    const details = scrub(input.details);
    const base: Omit<HqAuditEntry, 'hash'> = {
      seq: (head?.seq ?? 0) + 1,
      at: new Date(this.#clock.now()).toISOString(),
      prev: head?.hash ?? GENESIS,
      actor: input.actor,
      action: input.action,
      ...(input.target !== undefined ? { target: input.target } : {}),
      ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      ...(details !== undefined ? { details } : {}),
    };
    const entry: HqAuditEntry = { ...base, hash: hashOf(base) };
    await tx.query(
      `INSERT INTO audit_log (seq, at, actor, action, target, outcome, reason, details, prev, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        entry.seq,
        entry.at,
        entry.actor,
        entry.action,
        entry.target ?? null,
        entry.outcome ?? null,
        entry.reason ?? null,
        entry.details === undefined ? null : JSON.stringify(entry.details),
        entry.prev,
        entry.hash,
      ],
    );
    await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [entry.seq, entry.hash]);
    return entry;
  }

  /** Entries oldest first, optionally for one target and/or actions starting with a prefix. */
  async read(opts: { target?: string; actionPrefix?: string; afterSeq?: number; limit?: number } = {}) {
    const rows = await this.db.query<Row>(
      `SELECT seq, at, actor, action, target, outcome, reason, details, prev, hash FROM audit_log
        WHERE ($1::text IS NULL OR target = $1) AND ($2::text IS NULL OR starts_with(action, $2))
          AND seq > $3
        ORDER BY seq LIMIT $4`,
      [opts.target ?? null, opts.actionPrefix ?? null, opts.afterSeq ?? 0, opts.limit ?? 1000],
    );
    return rows.map(toEntry);
  }

  /** Walks the whole chain; the first entry that does not verify, with why. */
  async verify(): Promise<HqAuditVerifyReport> {
    let prev = GENESIS;
    let expect = 1;
    let count = 0;
    for (;;) {
      const batch = await this.db.query<Row>(
        `SELECT seq, at, actor, action, target, outcome, reason, details, prev, hash FROM audit_log
          WHERE seq >= $1 ORDER BY seq LIMIT 5000`,
        [expect],
      );
      if (batch.length === 0) return { valid: true, entries: count };
      for (const row of batch) {
        const e = toEntry(row);
        const broken = (reason: string) => ({
          valid: false,
          entries: count,
          firstBroken: { seq: e.seq, reason },
        });
        if (e.seq !== expect) return broken(`sequence ${e.seq} where ${expect} was expected`);
        if (e.prev !== prev) return broken('previous-hash link does not match the entry before');
        const { hash, ...rest } = e;
        if (hashOf(rest) !== hash) return broken('entry hash does not match its content');
        prev = hash;
        expect++;
        count++;
      }
    }
  }
}
