import type { HqPlugin } from '../plugins.js';
import { registryRoutes } from './routes.js';

/** The registry API: document status, revoke/lost, records and search (gateway/hq/registry). */
export const registryPlugin: HqPlugin = {
  name: 'registry',
  plugin: async (app, ctx) => {
    await app.register(registryRoutes, { ...ctx, prefix: ctx.apiPrefix });
  },
};
