import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { embeddedDir, openDatabase } from '../../gateway/hq/db/database.js';
import { forEachDatabase } from '../helpers/hq-databases.js';

forEachDatabase('HQ database', (open) => {
  it('returns the same JavaScript types from both engines', async () => {
    const { db } = await open();
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT 9007199254740991::int8 AS big, '\\x01ff'::bytea AS bytes, $1::bytea AS param,
              '{"a":[1]}'::jsonb AS doc, $2::jsonb AS pdoc, $3::timestamptz AS at, 'x'::text AS s`,
      [Buffer.from([7, 8]), JSON.stringify({ b: 2 }), new Date('2026-01-02T03:04:05.000Z')],
    );
    expect(row!.big).toBe(9007199254740991);
    expect(Buffer.isBuffer(row!.bytes)).toBe(true);
    expect([...(row!.bytes as Buffer)]).toEqual([1, 255]);
    expect([...(row!.param as Buffer)]).toEqual([7, 8]);
    expect(row!.doc).toEqual({ a: [1] });
    expect(row!.pdoc).toEqual({ b: 2 });
    expect((row!.at as Date).toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('commits a transaction whole or not at all', async () => {
    const { db } = await open();
    await db.exec('CREATE TABLE t (x int PRIMARY KEY); INSERT INTO t VALUES (1);');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (2)');
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (3)');
        await tx.query('INSERT INTO t VALUES (1)');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (4)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await db.query<{ x: number }>('SELECT x FROM t ORDER BY x')).map((r) => r.x)).toEqual([1, 2]);
    // The pool is still usable after the failures.
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('keeps its data when closed and opened again', async () => {
    const t = await open();
    await t.db.exec("CREATE TABLE kept (s text); INSERT INTO kept VALUES ('still here');");
    const db = await t.reopen();
    expect(await db.query('SELECT s FROM kept')).toEqual([{ s: 'still here' }]);
  });

  if (open.kind === 'embedded') {
    it('belongs to one process at a time (DB_IN_USE), and a lock left by a dead process is taken over', async () => {
      const t = await open();
      await expect(openDatabase('embedded', t.dataDir)).rejects.toMatchObject({ code: 'DB_IN_USE' });
      await t.db.close();
      // A live process holds the lock file: refused.
      const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        writeFileSync(`${embeddedDir(t.dataDir)}.lock`, `${holder.pid}\n`);
        await expect(openDatabase('embedded', t.dataDir)).rejects.toMatchObject({
          code: 'DB_IN_USE',
          details: { pid: holder.pid },
        });
      } finally {
        holder.kill('SIGKILL');
        await once(holder, 'exit');
      }
      // Its process is gone now (a killed HQ): the stale lock is taken over.
      t.db = await openDatabase('embedded', t.dataDir);
      expect(await t.db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    });
  } else {
    it('answers DB_UNAVAILABLE while PostgreSQL is down and carries on once it is back', async () => {
      const { db } = await open();
      const cluster = open.cluster()!;
      await db.exec('CREATE TABLE t (x int); INSERT INTO t VALUES (1);');
      await cluster.stop('immediate');
      try {
        await expect(db.query('SELECT x FROM t')).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' });
        await expect(db.transaction((tx) => tx.query('SELECT x FROM t'))).rejects.toMatchObject({
          code: 'DB_UNAVAILABLE',
        });
      } finally {
        await cluster.start();
      }
      expect(await db.query('SELECT x FROM t')).toEqual([{ x: 1 }]);
      expect(await db.transaction((tx) => tx.query('SELECT x FROM t'))).toEqual([{ x: 1 }]);
    });

    it('refuses a URL that is neither postgres:// nor embedded', async () => {
      await expect(openDatabase('mysql://x', '/tmp')).rejects.toMatchObject({ code: 'DB_URL_INVALID' });
    });
  }
});
