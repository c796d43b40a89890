import { loadHqTrust } from '../enrolment/hq-trust.js';
import { StationBook } from '../enrolment/station-book.js';
import type { HqPlugin } from '../plugins.js';
import { RecordIngest } from './record-ingest.js';
import { ingestRoutes } from './routes.js';

/** POST /api/v1/records: stations hand their issuance records to the registry. */
export const ingestPlugin: HqPlugin = {
  name: 'ingest',
  plugin: async (app, ctx) => {
    const trust = await loadHqTrust(ctx.db, ctx.keys, ctx.clock);
    const stations = new StationBook(ctx.db, trust, ctx.clock);
    const ingest = new RecordIngest({
      trust,
      signer: (thumbprint) => stations.signer(thumbprint),
      registry: ctx.registry,
      audit: ctx.audit,
      log: ctx.logger.child({ area: 'ingest' }),
      clock: ctx.clock,
    });
    await app.register(ingestRoutes, { prefix: ctx.apiPrefix, ingest });
  },
};
