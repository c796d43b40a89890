import pg from 'pg';
import { CardgateError } from '../../core/errors.js';
import type { Database, OpenDatabaseOptions, Queryable } from './database.js';
import { redactUrl } from './database.js';

// int8 (counts, bigserial ids) as a number, as PGlite gives it; the values HQ keeps stay far
// below 2^53. A per-pool type table keeps this out of other `pg` users in the process.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

/** Errors of the server or the connection as one typed error (the pg error's code stays in `details`). */
export function unavailable(error: unknown, what: string): CardgateError {
  const e = error as { code?: string; message?: string };
  return new CardgateError('DB_UNAVAILABLE', `${what}: ${e.message ?? String(error)}`, {
    cause: error,
    details: { pgCode: e.code ?? null },
  });
}

/**
 * An error the server answered (SQL state, e.g. 23505 unique violation) passes as it is, for the
 * caller to tell apart; a lost or refused connection becomes DB_UNAVAILABLE (503).
 */
const typed = (error: unknown): unknown =>
  error instanceof pg.DatabaseError ? error : unavailable(error, 'database connection');

const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
  async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    try {
      const result = await client.query({ text: sql, values: params as unknown[] | undefined, types });
      return result.rows as R[];
    } catch (e) {
      throw typed(e);
    }
  },
  async exec(sql: string): Promise<void> {
    // Without parameters pg uses the simple protocol, which runs several statements.
    await client.query(sql).catch((e: unknown) => {
      throw typed(e);
    });
  },
});

/** A `pg` pool on a PostgreSQL server (15 in tests and production). */
export async function openPostgres(url: string, opts: OpenDatabaseOptions = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 30_000,
    idleTimeoutMillis: 30_000,
    application_name: 'cardgate-hq',
  });
  // A connection dropped while idle (server restart) must not crash the process: the pool
  // replaces it at the next query.
  pool.on('error', (error) => opts.onError?.(error));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw unavailable(error, `cannot reach ${redactUrl(url)}`);
  }
  const root = on(pool);
  // `destroy` says whether an error leaves the connection unfit for the pool (a failed
  // rollback, a session lock that may still be held): it is then closed, not reused.
  const reserve = async <T>(
    fn: (client: pg.PoolClient) => Promise<T>,
    destroy: (e: unknown) => boolean,
  ): Promise<T> => {
    const client = await pool.connect().catch((e: unknown) => {
      throw unavailable(e, 'database connection');
    });
    let unfit = false;
    // The pool listens for errors only on idle clients: a connection lost while checked out
    // (a server restart between a transaction's statements) would otherwise be an unhandled
    // 'error' event that ends the process. The statement in flight fails on its own.
    const lost = (error: Error) => {
      unfit = true;
      opts.onError?.(error);
    };
    client.on('error', lost);
    try {
      return await fn(client);
    } catch (e) {
      unfit = unfit || destroy(e);
      throw e;
    } finally {
      client.off('error', lost);
      client.release(unfit);
    }
  };
  const rolledBack = new WeakSet<object>();
  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    transaction: (fn) =>
      reserve(
        async (client) => {
          await client.query('BEGIN');
          try {
            const result = await fn(on(client));
            await client.query('COMMIT');
            return result;
          } catch (e) {
            const ok = await client.query('ROLLBACK').then(
              () => true,
              () => false,
            );
            if (ok && typeof e === 'object' && e !== null) rolledBack.add(e);
            throw e;
          }
        },
        (e) => !(typeof e === 'object' && e !== null && rolledBack.has(e)),
      ),
    withConnection: (fn) =>
      reserve(
        (client) => fn(on(client)),
        () => true,
      ),
    close: () => pool.end(),
  };
}
