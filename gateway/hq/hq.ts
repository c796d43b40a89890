import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Readiness } from '../api/routes/health.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { KeyStore } from '../keys/key-store.js';
import { createLogger } from '../log/logger.js';
import { listeningUrl } from '../station.js';
import { AccountStore } from './accounts/account-store.js';
import { HqSessionStore } from './accounts/session-store.js';
import { HqAuditLog } from './audit/audit-store.js';
import type { HqConfig } from './config.js';
import type { HqContext } from './context.js';
import { openDatabase, redactUrl, type Database } from './db/database.js';
import { migrate } from './db/migrator.js';
import { RecordCipher } from './registry/record-cipher.js';
import { RegistryStore } from './registry/registry-store.js';
import { HQ_PLUGINS, type HqPlugin } from './plugins.js';
import { buildHqServer, HQ_API_PREFIX } from './server.js';

export interface StartHqOptions {
  config: HqConfig;
  /** An open database to use instead of opening `config.db` (left open by stop()). */
  db?: Database;
  /** Default: the key store `openKeyStore` picks for the data directory (file store in <dataDir>/keys). */
  keys?: KeyStore;
  logger?: Logger;
  clock?: Clock;
  /** Default: every plugin in HQ_PLUGINS. */
  plugins?: readonly HqPlugin[];
  /** Where the one-line messages for a person go (default stdout). */
  print?: (line: string) => void;
}

export interface RunningHq {
  url: string;
  app: FastifyInstance;
  ctx: HqContext;
  stop(): Promise<void>;
}

/**
 * Starts one HQ process: database → migrations → key store → accounts (a first admin with a
 * one-time password on an empty database) → Fastify with every plugin → listening. Background
 * work of the plugins (MQTT links, leader jobs) starts in their onReady hooks; stop() closes
 * the server (their onClose hooks), then the database and the key store.
 */
export async function startHq(opts: StartHqOptions): Promise<RunningHq> {
  const config = { ...opts.config, dataDir: resolve(opts.config.dataDir) };
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? (await createLogger({ level: config.logLevel, pretty: 'auto' }));
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });

  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const db: Database =
      opts.db ??
      (await openDatabase(config.db, config.dataDir, {
        onError: (err) => logger.warn({ err }, 'database connection lost; the pool reconnects'),
      }));
    if (!opts.db) cleanups.push(() => db.close());
    const report = await migrate(db);
    logger.info(
      { db: redactUrl(config.db), applied: report.applied, unknown: report.unknown },
      'database ready',
    );
    if (report.unknown.length > 0)
      logger.warn(
        { unknown: report.unknown },
        'the database has migrations this HQ does not know (a newer version ran)',
      );

    const keys =
      opts.keys ??
      (await (await import('../keys/open-key-store.js')).openKeyStore({}, { dataDir: config.dataDir }));
    if (!opts.keys) cleanups.push(() => keys.close());

    const accounts = new AccountStore(db);
    const password = await accounts.createInitialAdmin();
    if (password) {
      // The only time this password exists in clear text; it is never logged.
      print(`cardgate hq: first start: admin password is ${password} (change it at first login)`);
      logger.warn('first start: created account admin with a one-time password');
    }
    const audit = new HqAuditLog(db, { clock });
    const cipher = new RecordCipher(db, keys);
    const ctx: HqContext = {
      config,
      db,
      keys,
      accounts,
      sessions: new HqSessionStore(db, { ttlMinutes: config.sessionTtlMinutes, clock }),
      audit,
      cipher,
      registry: new RegistryStore(db, cipher, audit, clock),
      logger,
      clock,
      apiPrefix: HQ_API_PREFIX,
    };

    const tls = config.http
      ? undefined
      : await (
          await import('../tls/self-signed.js')
        ).ensureTlsMaterial({ dataDir: config.dataDir, ...config.tls });
    if (config.http) logger.warn('serving plain HTTP: for local development only');

    const app = await buildHqServer({
      ctx,
      plugins: opts.plugins ?? HQ_PLUGINS,
      ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
      readiness: () => readiness(ctx),
    });
    cleanups.push(() => app.close());
    await app.listen({ host: config.host, port: config.port });
    const url = listeningUrl(
      config.http ? 'http' : 'https',
      config.host,
      (app.server.address() as AddressInfo).port,
    );
    print(`cardgate hq: listening on ${url}`);
    logger.info({ url, db: db.kind, keys: keys.kind }, 'hq ready');
    return { url, app, ctx, stop: stopAll };
  } catch (error) {
    logger.error({ err: error }, 'hq failed to start');
    await stopAll();
    throw error;
  }
}

async function readiness(ctx: HqContext): Promise<Readiness> {
  const db = await ctx.db.query('SELECT 1').then(
    () => null,
    (e: unknown) => (e as Error).message,
  );
  const keys = await ctx.keys.check().then(
    () => null,
    (e: unknown) => (e as Error).message,
  );
  const part = (name: string, reason: string | null, emulated = false) => ({
    name,
    kind: 'storage' as const,
    state: reason === null ? ('up' as const) : ('down' as const),
    emulated,
    reason: reason ?? (emulated ? 'development stand-in' : null),
  });
  return {
    ready: db === null && keys === null,
    checks: { database: db === null, keys: keys === null },
    parts: [part('database', db, ctx.db.kind === 'embedded'), part('keys', keys, ctx.keys.development)],
  };
}
