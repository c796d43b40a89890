import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CardgateError } from '../../core/errors.js';
import type { Database } from './database.js';

/** Numbered SQL files: `0001_accounts.sql`. Ranges per area are in docs/hq.md. */
const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * One key for every replica's migrator (an arbitrary 64-bit constant: "cardgate" in ASCII), so
 * replicas that start together apply each file once, one after the other.
 */
export const MIGRATION_LOCK_KEY = '7161415787137459813';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  /** Files applied by this call, in order. */
  applied: string[];
  /** Files already recorded before this call. */
  present: string[];
  /** Recorded in the database but not among the files (a newer HQ migrated this database). */
  unknown: string[];
}

const checksumOf = (sql: string): string => createHash('sha256').update(sql).digest('hex');

/** Every migration file in `dir`, in name order. */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => FILE_NAME.test(n)).sort();
  const seen = new Set<string>();
  const out: Migration[] = [];
  for (const name of names) {
    const number = name.slice(0, 4);
    if (seen.has(number))
      throw new CardgateError('MIGRATION_INVALID', `two migrations share the number ${number}`);
    seen.add(number);
    const sql = await readFile(join(dir, name), 'utf8');
    out.push({ name, sql, checksum: checksumOf(sql) });
  }
  return out;
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, in name order: a file
 * merged later with a lower number than one already applied (parallel branches) is applied
 * too, which "above the highest version" would skip. Each file runs in its own transaction
 * with its record, under a transaction-scoped advisory lock, so a crash leaves each file
 * either wholly applied and recorded or not at all, and replicas starting together wait for
 * each other. A recorded file whose text changed since is refused (MIGRATION_CHANGED): a
 * database must never silently differ from what its files say.
 */
export async function migrate(db: Database, migrations?: readonly Migration[]): Promise<MigrationReport> {
  const files = migrations ?? (await loadMigrations());
  const report: MigrationReport = { applied: [], present: [], unknown: [] };
  const recorded = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    return tx.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations');
  });
  const known = new Map(recorded.map((r) => [r.name, r.checksum]));
  for (const m of files) {
    const sum = known.get(m.name);
    if (sum !== undefined && sum !== m.checksum) {
      throw new CardgateError(
        'MIGRATION_CHANGED',
        `migration ${m.name} was applied with different content; add a new migration instead of editing it`,
        { details: { name: m.name } },
      );
    }
  }
  const names = new Set(files.map((m) => m.name));
  report.unknown = recorded.map((r) => r.name).filter((n) => !names.has(n));
  for (const m of files) {
    if (known.has(m.name)) {
      report.present.push(m.name);
      continue;
    }
    const applied = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      // Another replica may have applied it while this one waited for the lock.
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [m.name]);
      if (done.length > 0) return false;
      try {
        await tx.exec(m.sql);
      } catch (cause) {
        if (cause instanceof CardgateError) throw cause;
        throw new CardgateError(
          'MIGRATION_FAILED',
          `migration ${m.name} failed: ${(cause as Error).message}`,
          {
            cause,
            details: { name: m.name },
          },
        );
      }
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
      return true;
    });
    (applied ? report.applied : report.present).push(m.name);
  }
  return report;
}
