import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { installProblemHandlers } from '../../gateway/api/problem.js';
import type { AuditEntryInput, AuditSink } from '../../gateway/core/audit-sink.js';
import type { Clock } from '../../gateway/core/clock.js';
import type { Database } from '../../gateway/hq/db/database.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import { loadHqTrust, type HqTrust } from '../../gateway/hq/enrolment/hq-trust.js';
import { enrolmentRoutes } from '../../gateway/hq/enrolment/routes.js';
import { StationBook } from '../../gateway/hq/enrolment/station-book.js';
import { RecordIngest } from '../../gateway/hq/ingest/record-ingest.js';
import type { RecordRegistry } from '../../gateway/hq/ingest/registry-port.js';
import { ingestRoutes } from '../../gateway/hq/ingest/routes.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Audit entries as HQ's audit would receive them, kept for assertions. */
export class RecordedAudit implements AuditSink {
  readonly entries: AuditEntryInput[] = [];
  async append(entry: AuditEntryInput): Promise<void> {
    this.entries.push(entry);
  }
}

export interface HqRig {
  app: FastifyInstance;
  url: string;
  trust: HqTrust;
  stations: StationBook;
  audit: RecordedAudit;
  store: FileKeyStore;
  close(): Promise<void>;
}

/** A mutable clock (tests move time on by assignment, never by waiting). */
export const testClock = (start = Date.parse('2026-11-30T08:00:00Z')): Clock & { t: number } => {
  const c = { t: start, now: () => c.t };
  return c;
};

/**
 * HQ's enrolment and ingest plugins on a bare Fastify with the API's problem handlers, over a
 * migrated database and a file key store: the HQ parts this area owns, without the rest of HQ.
 */
export async function startHqRig(
  db: Database,
  clock: Clock,
  o: {
    /** HQ's key store (default: a new one); the same one for a restarted HQ. */
    store?: FileKeyStore;
    /** Where POST /records stores (none: the route is not served). */
    registry?: RecordRegistry;
    port?: number;
    extra?: (app: FastifyInstance, rig: Omit<HqRig, 'app' | 'url' | 'close'>) => Promise<void>;
  } = {},
): Promise<HqRig> {
  await migrate(db);
  const store = o.store ?? new FileKeyStore(join(makeTempDir('cg-hq-keys-'), 'keys'));
  const trust = await loadHqTrust(db, store, clock);
  const stations = new StationBook(db, trust, clock);
  const audit = new RecordedAudit();
  const app = Fastify({ loggerInstance: pino({ level: 'silent' }) }).withTypeProvider<TypeBoxTypeProvider>();
  installProblemHandlers(app as unknown as FastifyInstance);
  await app.register(enrolmentRoutes, { prefix: '/api/v1', stations, audit });
  if (o.registry) {
    const ingest = new RecordIngest({
      trust,
      signer: (t) => stations.signer(t),
      registry: o.registry,
      audit,
      log: pino({ level: 'silent' }),
      clock,
    });
    await app.register(ingestRoutes, { prefix: '/api/v1', ingest });
  }
  await o.extra?.(app as unknown as FastifyInstance, { trust, stations, audit, store });
  const url = await app.listen({ host: '127.0.0.1', port: o.port ?? 0 });
  return {
    app: app as unknown as FastifyInstance,
    url,
    trust,
    stations,
    audit,
    store,
    close: () => app.close(),
  };
}
