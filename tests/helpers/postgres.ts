import { execFileSync, type SpawnOptions } from 'node:child_process';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './mosquitto.js';
import { startProcess, type RunningProcess } from './processes.js';
import { makeTempDir } from './temp-dir.js';

export const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * A scratch PostgreSQL 15 cluster: its own data dir in a temp folder, its own loopback port,
 * started and stopped by the test. Never the machine's own PostgreSQL service.
 */
export interface PostgresCluster {
  readonly port: number;
  readonly dir: string;
  /** URL of the cluster's `postgres` database (for admin statements). */
  readonly adminUrl: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** `fast` disconnects clients and shuts down cleanly; `immediate` is a crash (recovery at next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  running(): boolean;
  /** The server's log so far (for failure messages). */
  output(): string;
  /** Stops the server (the temp folder goes with the test file's temp dirs). */
  close(): Promise<void>;
}

/**
 * We run as root in CI, and PostgreSQL refuses to run as root: initdb and the server run as the
 * `postgres` system user (runuser for initdb; the server is spawned with that user's uid/gid so
 * that stop and kill signals reach the postmaster itself, not a runuser wrapper). As any other
 * user they run as that user.
 */
function asPostgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

let counter = 0;

export async function startPostgres(
  opts: {
    /**
     * As a deployment runs it (benchmarks): fsync and full-page writes on, PostgreSQL's default
     * 128 MB of shared buffers. Tests keep the fast settings below.
     */
    durable?: boolean;
  } = {},
): Promise<PostgresCluster> {
  const dir = makeTempDir('cardgate-pg-');
  const data = join(dir, 'data');
  const sockets = join(dir, 'run');
  mkdirSync(sockets);
  const user = asPostgresUser();
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(sockets, user.uid, user.gid);
  }
  const initdb = [
    `${PG_BIN}/initdb`,
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ];
  execFileSync(user ? 'runuser' : initdb[0]!, user ? ['-u', 'postgres', '--', ...initdb] : initdb.slice(1), {
    stdio: 'pipe',
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
  });
  // Small and fast: a test cluster shares a loaded 2-core machine with others. fsync off loses
  // nothing a test checks (a crash here is the server's, never the machine's, and the OS keeps
  // what was written); synchronous_commit stays on so a committed row survives a server crash.
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${sockets}'`,
      ...(opts.durable
        ? ['fsync = on', 'full_page_writes = on', 'shared_buffers = 128MB']
        : ['fsync = off', 'full_page_writes = off', 'shared_buffers = 32MB']),
      'max_connections = 60',
      '',
    ].join('\n'),
  );
  if (user) chownSync(join(data, 'postgresql.auto.conf'), user.uid, user.gid);

  const port = await freePort();
  let proc: RunningProcess | undefined;
  let log = '';
  const spawnOpts: SpawnOptions = user ? { uid: user.uid, gid: user.gid, cwd: dir } : { cwd: dir };
  const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;

  const cluster: PostgresCluster = {
    port,
    dir,
    adminUrl: url('postgres'),
    running: () => proc !== undefined,
    output: () => log + (proc?.output() ?? ''),
    async start() {
      if (proc) return;
      proc = startProcess(`${PG_BIN}/postgres`, ['-D', data, '-p', String(port)], spawnOpts);
      const p = proc;
      p.child.once('exit', () => {
        if (proc === p) {
          log += p.output();
          proc = undefined;
        }
      });
      // The server says when it accepts connections: an event, not a guess at how long it takes.
      await p.waitForOutput(/database system is ready to accept connections/, 60_000);
    },
    async stop(mode = 'fast') {
      const p = proc;
      proc = undefined;
      if (!p) return;
      log += p.output();
      // SIGINT: fast shutdown; SIGQUIT: immediate (no checkpoint, crash recovery at next start).
      await p.stop(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    },
    async restart(mode = 'fast') {
      await cluster.stop(mode);
      await cluster.start();
    },
    async createDatabase(name) {
      const db = name ?? `t${process.pid}_${++counter}`;
      const client = new pg.Client({ connectionString: cluster.adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${db}"`);
      } finally {
        await client.end();
      }
      return url(db);
    },
    async close() {
      await cluster.stop('fast');
    },
  };
  try {
    await cluster.start();
  } catch (e) {
    await cluster.close();
    throw e;
  }
  return cluster;
}
