import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { CardgateError } from '../../core/errors.js';
import type { Database, Queryable } from './database.js';

// bytea as a Buffer, as `pg` gives it (PGlite's own parser gives a plain Uint8Array).
const parsers = {
  [types.BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex'),
};

const on = (q: PGlite | Transaction): Queryable => ({
  async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    const result = await q.query<R>(sql, params as unknown[] | undefined, { parsers });
    return result.rows;
  },
  async exec(sql: string): Promise<void> {
    await q.exec(sql);
  },
});

/**
 * PGlite (PostgreSQL in WebAssembly) in `dir`. One process at a time: PGlite keeps the
 * database in memory and writes it back, so a second process on the same folder would corrupt it.
 * A lock file next to it refuses that with DB_IN_USE.
 */
export async function openEmbedded(dir: string): Promise<Database> {
  const { acquireDirLock } = await import('./dir-lock.js');
  const lock = await acquireDirLock(`${dir}.lock`);
  let db: PGlite;
  try {
    db = await PGlite.create(dir, { parsers });
  } catch (error) {
    await lock.release();
    throw new CardgateError('DB_UNAVAILABLE', `cannot open the embedded database in ${dir}`, {
      cause: error,
    });
  }
  const root = on(db);
  return {
    kind: 'embedded',
    query: root.query,
    exec: root.exec,
    transaction: (fn) => db.transaction((tx) => fn(on(tx))),
    // One connection in all: the whole database is "reserved" for fn, so queries go through the
    // same handle (a nested transaction() call would wait for fn and never start).
    withConnection: (fn) => fn(root),
    close: async () => {
      try {
        await db.close();
      } finally {
        await lock.release();
      }
    },
  };
}
