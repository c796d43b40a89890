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
import type { PartReadiness, Readiness } from './api/routes/health.js';
import { cardFontsPart, describeReadiness, skippedPart } from './readiness.js';
import { createLogger } from './log/logger.js';
import { JsonlAuditSink } from './log/jsonl-audit-sink.js';
import { UserStore } from './users/store.js';

/** What every part of the station is built from: the core, made before any part starts. */
export interface StationContext<A extends AuditSink = AuditSink> {
  config: Config;
  /** Absolute data directory (created, mode 0700). */
  dataDir: string;
  bus: EventBus;
  registry: DeviceRegistry;
  logger: Logger;
  users: UserStore;
  audit: A;
  clock: Clock;
  /**
   * The API server, not yet listening: register route plugins here, under `apiPrefix`:
   * `await ctx.api.register(printerRoutes, { prefix: ctx.apiPrefix, ...deps })`.
   */
  api: ApiServer;
  apiPrefix: string;
  /** Where a started part is recorded (stopped in reverse, asked for readiness by name). */
  life: Lifecycle;
}

/** A part that runs: the station stops it (in reverse start order) and asks it for readiness. */
export interface RunningPart {
  name: string;
  stop(): void | Promise<void>;
  /** Feeds GET /api/v1/ready: false while the part is not yet able to serve. */
  ready(): boolean | Promise<boolean>;
  /** The part's own state and reason for /ready (default: up, or down with "not ready yet"). */
  describe?(): PartReadiness;
}

/** A part the station starts itself (tests and the pages use this shape). */
export interface StationComponent extends RunningPart {
  start(ctx: StationContext): void | Promise<void>;
}

/** What the composition tells the station while it wires the parts. */
export interface Lifecycle {
  /** A part is running from now on. */
  started(part: RunningPart): void;
  /**
   * The station runs without this part: a start-up decision, logged once with its reason (never
   * an `undefined` found later). Returns null so `const x = cond ? await start() : life.skipped(…)`.
   */
  skipped(name: string, reason: string): null;
  /** Starts a self-starting component and records it. */
  start(component: StationComponent): Promise<void>;
}

/** The wiring of the parts after the core, in one function that reads top to bottom. */
export type Composition<A extends AuditSink = AuditSink> = (ctx: StationContext<A>) => Promise<void>;

export interface StationOptions<A extends AuditSink = AuditSink> {
  config: Config;
  /** The parts after the core: see gateway/composition.ts for the whole station. */
  compose?: Composition<A>;
  /** Self-starting parts, started in order after `compose` (tests compose stations this way). */
  components?: StationComponent[];
  /** The audit trail; a factory runs after the logger and data directory exist. Default: JSONL in `<dataDir>/audit.jsonl`. */
  audit?: A | ((ctx: { config: Config; dataDir: string; logger: Logger }) => A | Promise<A>);
  logger?: Logger;
  clock?: Clock;
  /** Where the station's console lines go (listening line, first-start password). Default: stdout. */
  print?: (line: string) => void;
  /** Where the accounts live (default: the data directory); training mode points at production's. */
  usersDir?: string;
}

/** Per-step bound of a shutdown, so the whole stop stays within the 10 s systemd and people expect. */
const STOP_STEP_MS = 3000;

export class Station<A extends AuditSink = AuditSink> {
  readonly config: Config;
  readonly bus = new EventBus();
  readonly registry: DeviceRegistry;
  readonly clock: Clock;
  #logger: Logger | undefined;
  #api: ApiServer | undefined;
  #started: RunningPart[] = [];
  #skipped = new Map<string, string>();
  #url: string | null = null;
  #stopping: Promise<void> | null = null;
  #storageReady = false;
  readonly #opts: StationOptions<A>;

  constructor(opts: StationOptions<A>) {
    this.#opts = opts;
    this.config = opts.config;
    this.clock = opts.clock ?? systemClock;
    this.registry = new DeviceRegistry(this.bus, this.clock);
  }

  /** Names of the running parts, in start order. */
  get parts(): string[] {
    return this.#started.map((p) => p.name);
  }

  /** Parts this station runs without, with the reason logged at start. */
  get skipped(): ReadonlyMap<string, string> {
    return this.#skipped;
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
    // Training mode keeps its own data folder, but trainees log in with their own accounts.
    const users = await UserStore.open(this.#opts.usersDir ?? dataDir);
    if (users.needsInitialAdmin) {
      const password = await users.createInitialAdmin();
      // The only time this password exists in clear text; it is never logged.
      print(`cardgate: first start: admin password is ${password} (change it at first login)`);
      logger.warn('first start: created account admin with a one-time password');
    }
    const auditOpt = this.#opts.audit;
    const audit: A =
      typeof auditOpt === 'function'
        ? await auditOpt({ config, dataDir, logger })
        : // Without an audit option A is the plain AuditSink (the default type parameter).
          (auditOpt ?? (new JsonlAuditSink(join(dataDir, 'audit.jsonl')) as AuditSink as A));
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

    const life: Lifecycle = {
      started: (part) => {
        this.#started.push(part);
        logger.debug({ part: part.name }, 'part started');
      },
      skipped: (name, reason) => {
        this.#skipped.set(name, reason);
        logger.warn({ part: name, reason }, `${name} not started: ${reason}`);
        return null;
      },
      start: async (component) => {
        await component.start(ctx);
        life.started(component);
      },
    };
    const ctx: StationContext<A> = {
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
      life,
    };
    try {
      if (this.#opts.compose) await this.#opts.compose(ctx);
      for (const component of this.#opts.components ?? []) await life.start(component);
      await api.listen({ host: config.api.host, port: config.api.port });
    } catch (error) {
      logger.error({ err: error }, 'station failed to start');
      await this.stop();
      throw error;
    }
    const address = api.server.address() as AddressInfo;
    this.#url = listeningUrl(config.api.http ? 'http' : 'https', config.api.host, address.port);
    print(`cardgate: listening on ${this.#url}`);
    logger.info({ url: this.#url, parts: this.parts, skipped: [...this.#skipped.keys()] }, 'station ready');
    this.bus.emit('station:lifecycle', { phase: 'ready' });
    return { url: this.#url };
  }

  /** Storage plus every running part: what GET /ready answers. */
  async readiness(): Promise<Readiness> {
    const components = [];
    for (const c of this.#started)
      components.push({ name: c.name, started: true, ready: await safeReady(c), part: c.describe?.() });
    // A component given to the station that has not started (yet, or failed) is not ready.
    for (const c of this.#opts.components ?? [])
      if (!this.#started.includes(c)) components.push({ name: c.name, started: false, ready: false });
    const skipped = [...this.#skipped].map(([name, reason]) => skippedPart(name, reason));
    const fonts = this.#started.some((c) => c.name === 'document') ? [await cardFontsPart()] : [];
    return describeReadiness({
      storageReady: this.#storageReady,
      components,
      devices: this.registry.list(),
      extra: [...skipped, ...fonts],
    });
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
        if (!ok) logger?.warn({ part: component.name }, 'part did not stop in time');
      } catch (error) {
        logger?.error({ err: error, part: component.name }, 'part failed to stop');
      }
    }
    this.#started = [];
    this.bus.emit('station:lifecycle', { phase: 'stopped' });
    logger?.info('station stopped');
  }
}

async function safeReady(c: RunningPart): Promise<boolean> {
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
