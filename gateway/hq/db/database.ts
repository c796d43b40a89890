import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CardgateError } from '../../core/errors.js';

/** What both a database and an open transaction answer. */
export interface Queryable {
  /** One statement with `$1…` parameters; rows as objects. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements without parameters (a migration file). */
  exec(sql: string): Promise<void>;
}

/**
 * HQ's one database: real PostgreSQL (production, several replicas) or PGlite, the same
 * PostgreSQL compiled to WebAssembly running in this process (the embedded default, one process
 * at a time). Both answer the same SQL and return the same JavaScript types: int8 as number
 * (counts and sequence numbers stay far below 2^53), bytea as Buffer, timestamptz as Date,
 * json/jsonb parsed.
 *
 * Inside `transaction`, use only `tx`: on the embedded database a query on the database itself
 * waits for the transaction to end (PGlite has one connection), so it would never return.
 */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'embedded';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one reserved connection (session-level advisory locks live as long as it).
   * Embedded: the whole database, so keep it short.
   */
  withConnection<T>(fn: (conn: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /** Called for pool errors that reach no query (a dropped idle connection). */
  onError?: (error: Error) => void;
}

/** Where the embedded database of a data directory lives. */
export const embeddedDir = (dataDir: string): string => join(dataDir, 'db');

/**
 * `postgres://…` (or `postgresql://…`) opens a pool on that server; `embedded` opens (creating
 * when absent) the PGlite database in `<dataDir>/db`.
 */
export async function openDatabase(
  url: string,
  dataDir: string,
  opts: OpenDatabaseOptions = {},
): Promise<Database> {
  if (url === 'embedded') {
    const { openEmbedded } = await import('./embedded.js');
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    return openEmbedded(embeddedDir(dataDir));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(url, opts);
  }
  throw new CardgateError('DB_URL_INVALID', `--db must be postgres://… or 'embedded', got ${redactUrl(url)}`);
}

/** A database URL fit for a log line: the password is never shown. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
