import type { HqPlugin } from '../plugins.js';
import { loadHqTrust } from './hq-trust.js';
import { enrolmentRoutes } from './routes.js';
import { StationBook } from './station-book.js';

/** Station enrolment (POST /api/v1/enrol) over HQ's trust material, made on first start. */
export const enrolmentPlugin: HqPlugin = {
  name: 'enrolment',
  plugin: async (app, ctx) => {
    const trust = await loadHqTrust(ctx.db, ctx.keys, ctx.clock);
    const stations = new StationBook(ctx.db, trust, ctx.clock);
    await app.register(enrolmentRoutes, { prefix: ctx.apiPrefix, stations, audit: ctx.audit });
  },
};
