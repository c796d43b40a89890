import { uiRoutes } from '../../api/routes/ui.js';
import type { HqPlugin } from '../plugins.js';

/**
 * HQ's pages: the hq.html shell of appliance-ui (login, nav with the fleet and caseworker
 * pages) at every page path, hashed assets, and the standalone pages (/verify), with the
 * station's security headers. Last in HQ_PLUGINS: it answers every path no other route took.
 */
export const pagesPlugin: HqPlugin = {
  name: 'pages',
  plugin: async (app, ctx) => {
    await app.register(uiRoutes, {
      indexFile: 'hq.html',
      ...(ctx.config.uiDistDir ? { distDir: ctx.config.uiDistDir } : {}),
    });
  },
};
