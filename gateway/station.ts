import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import type { AuditSink } from './core/audit-sink.js';
import { systemClock, type Clock } from './core/clock.js';
import { EventBus } from './core/events.js';
import { DeviceRegistry } from './core/registry.js';
import { API_PREFIX, buildApiServer, type ApiServer } from './api/server.js';
import type { Readiness } from './api/routes/health.js';
import { createLogger } from './log/logger.js';
import { JsonlAuditSink } from './log/jsonl-audit-sink.js';
import { UserStore } from './users/store.js';

/** What every component gets when the station starts it. */
export interface StationContext {
  config: Config;
  /** Absolute data directory (created, mode 0700). */
  dataDir: string;
  bus: EventBus;
  registry: DeviceRegistry;
  logger: Logger;
  users: UserStore;
  audit: AuditSink;
  clock: Clock;
  /**
   * The API server, not yet listening: register route plugins here, under `apiPrefix`:
   * `await ctx.api.register(printerRoutes, { prefix: ctx.apiPrefix, ...deps })`.
   */
  api: ApiServer;
  apiPrefix: string;
}

/**
 * One part of the station (printer, encoder, issuance, telemetry, board, UI…). Components start
 * in array order after the core (bus, registry, users, API server) and stop in reverse order.
 */
export interface StationComponent {
  name: string;
  start(ctx: StationContext): void | Promise<void>;
  stop(): void | Promise<void>;
  /** Feeds GET /api/v1/ready: false while the component is not yet able to serve. */
  ready(): boolean | Promise<boolean>;
}

export interface StationOptions {
  config: Config;
  components?: StationComponent[];
  /** The audit trail; a factory runs after the logger and data directory exist. Default: JSONL in `<dataDir>/audit.jsonl`. */
  audit?:
    | AuditSink
    | ((ctx: { config: Config; dataDir: string; logger: Logger }) => AuditSink | Promise<AuditSink>);
  logger?: Logger;
  clock?: Clock;
  /** Where the station's console lines go (listening line, first-start password). Default: stdout. */
  print?: (line: string) => void;
}

/** Per-step bound of a shutdown, so the whole stop stays within the 10 s systemd and people expect. */
const STOP_STEP_MS = 3000;

export class Station {
  readonly config: Config;
  readonly bus = new EventBus();
  readonly registry: DeviceRegistry;
  readonly clock: Clock;
  readonly components: StationComponent[];
  #logger: Logger | undefined;
  #api: ApiServer | undefined;
  #started: StationComponent[] = [];
  #url: string | null = null;
  #stopping: Promise<void> | null = null;
  #storageReady = false;
  readonly #opts: StationOptions;

  constructor(opts: StationOptions) {
    this.#opts = opts;
    this.config = opts.config;
    this.clock = opts.clock ?? systemClock;
    this.registry = new DeviceRegistry(this.bus, this.clock);
    this.components = opts.components ?? [];
  }

  /** URL the API listens on, once started. */
  get url(): string | null {
    return this.#url;
  }

  get api(): ApiServer | undefined {
    return this.#api;
  }

  get logger(): Logger | undefined {
    return this.#logger;
  }

  async start(): Promise<{ url: string }> {
    const { config } = this;
    const print = this.#opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
    this.bus.emit('station:lifecycle', { phase: 'starting' });
    const logger = this.#opts.logger ?? (await createLogger(config.log));
    this.#logger = logger;
    this.bus.onListenerError(({ event, error }) =>
      logger.error({ err: error, event: String(event) }, 'bus listener failed'),
    );

    const dataDir = config.dataDir;
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const users = await UserStore.open(dataDir);
    if (users.needsInitialAdmin) {
      const password = await users.createInitialAdmin();
      // The only time this password exists in clear text; it is never logged.
      print(`cardgate: first start: admin password is ${password} (change it at first login)`);
      logger.warn('first start: created account admin with a one-time password');
    }
    const auditOpt = this.#opts.audit;
    const audit =
      typeof auditOpt === 'function'
        ? await auditOpt({ config, dataDir, logger })
        : (auditOpt ?? new JsonlAuditSink(join(dataDir, 'audit.jsonl')));
    this.#storageReady = true;

    const tls = config.api.http
      ? undefined
      : await (
          await import('./tls/self-signed.js')
        ).ensureTlsMaterial({
          dataDir,
          certFile: config.api.tls.certFile,
          keyFile: config.api.tls.keyFile,
        });
    if (tls?.generated) logger.info({ certFile: tls.certFile }, 'generated a self-signed TLS certificate');
    if (config.api.http) logger.warn('serving plain HTTP: for local development only');

    const api = await buildApiServer({
      config,
      registry: this.registry,
      bus: this.bus,
      users,
      audit,
      logger,
      clock: this.clock,
      ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
      readiness: () => this.readiness(),
    });
    this.#api = api;

    const ctx: StationContext = {
      config,
      dataDir,
      bus: this.bus,
      registry: this.registry,
      logger,
      users,
      audit,
      clock: this.clock,
      api,
      apiPrefix: API_PREFIX,
    };
    try {
      for (const component of this.components) {
        await component.start(ctx);
        this.#started.push(component);
        logger.debug({ component: component.name }, 'component started');
      }
      await api.listen({ host: config.api.host, port: config.api.port });
    } catch (error) {
      logger.error({ err: error }, 'station failed to start');
      await this.stop();
      throw error;
    }
    const address = api.server.address() as AddressInfo;
    this.#url = listeningUrl(config.api.http ? 'http' : 'https', config.api.host, address.port);
    print(`cardgate: listening on ${this.#url}`);
    logger.info({ url: this.#url, components: this.#started.map((c) => c.name) }, 'station ready');
    this.bus.emit('station:lifecycle', { phase: 'ready' });
    return { url: this.#url };
  }

  /** Storage plus every component: what GET /ready answers. */
  async readiness(): Promise<Readiness> {
    const checks: Record<string, boolean> = { storage: this.#storageReady };
    for (const c of this.components) {
      checks[c.name] = this.#started.includes(c) && (await safeReady(c));
    }
    return { ready: Object.values(checks).every(Boolean), checks };
  }

  /**
   * Graceful stop: refuse new requests and let running ones finish, mark devices offline (so
   * listeners such as telemetry announce it), stop components in reverse order. Each step is
   * bounded; calling stop twice returns the same promise.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const logger = this.#logger;
    this.bus.emit('station:lifecycle', { phase: 'stopping' });
    if (this.#api) {
      const api = this.#api;
      const closed = await bounded(api.close(), STOP_STEP_MS);
      if (!closed) {
        // Long-lived streams (SSE, websockets) would hold the close open: cut them.
        api.server.closeAllConnections?.();
        logger?.warn('API connections cut after waiting for in-flight requests');
      }
    }
    for (const device of this.registry.list()) {
      if (device.state !== 'offline') this.registry.update(device.id, { state: 'offline' });
    }
    for (const component of [...this.#started].reverse()) {
      try {
        const ok = await bounded(Promise.resolve(component.stop()), STOP_STEP_MS);
        if (!ok) logger?.warn({ component: component.name }, 'component did not stop in time');
      } catch (error) {
        logger?.error({ err: error, component: component.name }, 'component failed to stop');
      }
    }
    this.#started = [];
    this.bus.emit('station:lifecycle', { phase: 'stopped' });
    logger?.info('station stopped');
  }
}

async function safeReady(c: StationComponent): Promise<boolean> {
  try {
    return await c.ready();
  } catch {
    return false;
  }
}

/** Resolves true if `p` settles within `ms`, false otherwise (rejections count as settled). */
async function bounded(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function listeningUrl(proto: 'http' | 'https', host: string, port: number): string {
  const shown =
    host === '0.0.0.0' || host === '::' || host === ''
      ? 'localhost'
      : host.includes(':')
        ? `[${host}]`
        : host;
  return `${proto}://${shown}:${port}`;
}
