import type { HqPlugin } from '../plugins.js';
import { ProtectionStore } from './protection-store.js';
import { protectionRoutes } from './routes.js';

/**
 * Protection at HQ (issue 20): notices of unaccompanied and separated children, kept in step
 * with the registry's ingest, and planning counts with small numbers suppressed.
 */
export const protectionPlugin: HqPlugin = {
  name: 'protection',
  plugin: async (app, ctx) => {
    const protection = new ProtectionStore(ctx.db, ctx.cipher);
    ctx.registry.onCreated.push((tx, record) => protection.onRecordCreated(tx, record));
    await app.register(protectionRoutes, { ...ctx, protection, prefix: ctx.apiPrefix });
  },
};
