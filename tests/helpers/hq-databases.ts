import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { embeddedDir, openDatabase, type Database } from '../../gateway/hq/db/database.js';
import { projectRoot } from './processes.js';
import { startPostgres, type PostgresCluster } from './postgres.js';
import { describeWithSystem } from './system.js';
import { makeTempDir } from './temp-dir.js';

/** One database a test works on, closed after the test. */
export interface TestDatabase {
  db: Database;
  /** What `--db` takes for it: a postgres:// URL or 'embedded'. */
  url: string;
  /** The data directory (where the embedded database lives; empty for PostgreSQL). */
  dataDir: string;
  /** Closes `db` and opens the same database again (state kept: a process restart). */
  reopen(): Promise<Database>;
}

/**
 * Opens a fresh, empty database for the current test (not migrated). `kind` says which engine;
 * `cluster()` is the scratch PostgreSQL for fault tests (undefined for the embedded database).
 */
export interface OpenTestDatabase {
  (): Promise<TestDatabase>;
  readonly kind: 'postgres' | 'embedded';
  cluster(): PostgresCluster | undefined;
}

/**
 * Runs the same describe block against real PostgreSQL 15 (a scratch cluster for this file) and
 * against the embedded PGlite. The PostgreSQL half skips when PostgreSQL 15 is not installed,
 * except under CARDGATE_REQUIRE_SYSTEM=1, where it fails instead.
 */
export function forEachDatabase(name: string, fn: (open: OpenTestDatabase) => void): void {
  describeWithSystem(['postgresql'], `${name} [postgresql]`, () => {
    let cluster: PostgresCluster | undefined;
    beforeAll(async () => {
      cluster = await startPostgres();
    }, 120_000);
    afterAll(async () => {
      await cluster?.close();
    });
    fn(
      opener(
        'postgres',
        () => cluster,
        async () => {
          if (!cluster) throw new Error('the PostgreSQL cluster did not start');
          return cluster.createDatabase();
        },
      ),
    );
  });
  describe(`${name} [embedded]`, () => {
    fn(
      opener(
        'embedded',
        () => undefined,
        async () => 'embedded',
      ),
    );
  });
}

/**
 * Opens fresh embedded databases outside forEachDatabase, for tests whose subject is not the
 * database (the pages). Call it in a describe block (or at the top of the file): each database
 * is closed after the test that opened it.
 */
export const embeddedTestDatabases = (): OpenTestDatabase =>
  opener(
    'embedded',
    () => undefined,
    async () => 'embedded',
  );

function opener(
  kind: 'postgres' | 'embedded',
  cluster: () => PostgresCluster | undefined,
  makeUrl: () => Promise<string>,
): OpenTestDatabase {
  const open: Database[] = [];
  afterEach(async () => {
    const all = open.splice(0);
    await Promise.all(all.map((db) => db.close().catch(() => undefined)));
  });
  const track = (db: Database): Database => {
    open.push(db);
    return db;
  };
  const fresh = async (): Promise<TestDatabase> => {
    const url = await makeUrl();
    const dataDir = makeTempDir('cardgate-hqdb-');
    if (kind === 'embedded') await copyEmbeddedTemplate(dataDir);
    const t: TestDatabase = {
      url,
      dataDir,
      db: track(await openDatabase(url, dataDir)),
      async reopen() {
        await t.db.close();
        t.db = track(await openDatabase(url, dataDir));
        return t.db;
      },
    };
    return t;
  };
  return Object.assign(fresh, { kind, cluster });
}

/**
 * A new PGlite database runs initdb inside WebAssembly: 5 to 15 s on a loaded machine, against
 * under a second to copy one made before. One empty database per PGlite version is kept in the
 * temp folder (made once, by whichever test process gets there first, moved into place
 * atomically) and copied for every test.
 */
async function copyEmbeddedTemplate(dataDir: string): Promise<void> {
  const version = (
    JSON.parse(readFileSync(join(projectRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const template = join(tmpdir(), `cardgate-pglite-template-${version}`);
  if (!existsSync(join(template, 'PG_VERSION'))) {
    const building = mkdtempSync(join(tmpdir(), 'cardgate-pglite-building-'));
    try {
      const db = await openDatabase('embedded', building);
      await db.close();
      writeFileSync(join(embeddedDir(building), '.cardgate-template'), version);
      try {
        renameSync(embeddedDir(building), template);
      } catch {
        // Another test process put its template in place first: use that one.
      }
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  }
  cpSync(template, embeddedDir(dataDir), { recursive: true });
}
