import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase, type Database } from '../../gateway/hq/db/database.js';
import { loadMigrations, migrate, type Migration } from '../../gateway/hq/db/migrator.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Tables and columns with their types: what "the same schema" means here. */
async function schemaOf(db: Database): Promise<string[]> {
  const rows = await db.query<{ t: string; c: string; ty: string; n: string; d: string | null }>(
    `SELECT table_name AS t, column_name AS c, data_type AS ty, is_nullable AS n, column_default AS d
       FROM information_schema.columns WHERE table_schema = 'public'
      ORDER BY table_name, column_name`,
  );
  const indexes = await db.query<{ i: string }>(
    `SELECT indexname || ' ' || indexdef AS i FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`,
  );
  return [...rows.map((r) => `${r.t}.${r.c} ${r.ty} ${r.n} ${r.d ?? ''}`), ...indexes.map((r) => r.i)];
}

const names = async (db: Database) =>
  (await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);

function migrationsIn(files: Record<string, string>): string {
  const dir = makeTempDir('cardgate-migrations-');
  mkdirSync(dir, { recursive: true });
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

forEachDatabase('HQ migrations', (open) => {
  it('bring an empty database to the current schema and record every file, once', async () => {
    const { db } = await open();
    const files = await loadMigrations();
    expect(files.length).toBeGreaterThanOrEqual(3);
    const first = await migrate(db);
    expect(first.applied).toEqual(files.map((f) => f.name));
    expect(await names(db)).toEqual(files.map((f) => f.name));
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
    expect(again.present).toEqual(files.map((f) => f.name));
    const tables = await db.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.t)).toEqual(
      expect.arrayContaining(['accounts', 'account_tokens', 'account_sessions', 'audit_log', 'stations']),
    );
  });

  it('bring a database at every earlier version to the same schema as from empty', async () => {
    const files = await loadMigrations();
    const { db: reference } = await open();
    await migrate(reference);
    const expected = await schemaOf(reference);
    for (let version = 1; version < files.length; version++) {
      const { db } = await open();
      await migrate(db, files.slice(0, version));
      expect(await names(db)).toEqual(files.slice(0, version).map((f) => f.name));
      const report = await migrate(db);
      expect(report.applied).toEqual(files.slice(version).map((f) => f.name));
      expect(await schemaOf(db)).toEqual(expected);
      await db.close();
    }
  }, 240_000);

  it('apply a missing file numbered below one already applied (merged later)', async () => {
    const { db } = await open();
    const dir = migrationsIn({
      '0001_a.sql': 'CREATE TABLE a (x int);',
      '0003_c.sql': 'CREATE TABLE c (x int);',
    });
    await migrate(db, await loadMigrations(dir));
    writeFileSync(join(dir, '0002_b.sql'), 'CREATE TABLE b (x int); INSERT INTO b VALUES (2);');
    const report = await migrate(db, await loadMigrations(dir));
    expect(report.applied).toEqual(['0002_b.sql']);
    expect(await db.query('SELECT x FROM b')).toEqual([{ x: 2 }]);
    expect(await names(db)).toEqual(['0001_a.sql', '0002_b.sql', '0003_c.sql']);
  });

  it('refuse a file changed after it was applied, and roll back a failing file whole', async () => {
    const { db } = await open();
    const dir = migrationsIn({ '0001_a.sql': 'CREATE TABLE a (x int);' });
    await migrate(db, await loadMigrations(dir));
    writeFileSync(join(dir, '0001_a.sql'), 'CREATE TABLE a (x bigint);');
    await expect(migrate(db, await loadMigrations(dir))).rejects.toMatchObject({ code: 'MIGRATION_CHANGED' });

    const bad = migrationsIn({
      '0001_a.sql': 'CREATE TABLE a (x int);',
      '0002_b.sql': 'CREATE TABLE b (x int); INSERT INTO b VALUES (1); SELECT no_such_function();',
    });
    const { db: other } = await open();
    await expect(migrate(other, await loadMigrations(bad))).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
    });
    expect(await names(other)).toEqual(['0001_a.sql']);
    const b = await other.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'b'");
    expect(b).toEqual([]);
  });

  it('refuse two files with the same number', async () => {
    const dir = migrationsIn({ '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 1;' });
    await expect(loadMigrations(dir)).rejects.toMatchObject({ code: 'MIGRATION_INVALID' });
  });

  it('apply each file once when several replicas migrate at the same time', async () => {
    const t = await open();
    // Replicas are separate pools on PostgreSQL; the embedded database has one process, so its
    // "replicas" are concurrent calls on the one handle.
    const replicas: Database[] =
      open.kind === 'postgres'
        ? await Promise.all([1, 2, 3].map(() => openDatabase(t.url, t.dataDir)))
        : [t.db, t.db, t.db];
    const files: Migration[] = await loadMigrations();
    try {
      const reports = await Promise.all(replicas.map((r) => migrate(r, files)));
      const applied = reports.flatMap((r) => r.applied).sort();
      expect(applied).toEqual(files.map((f) => f.name));
      expect(await names(t.db)).toEqual(files.map((f) => f.name));
    } finally {
      if (open.kind === 'postgres') await Promise.all(replicas.map((r) => r.close()));
    }
  });
});
