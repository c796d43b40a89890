import type { FastifyPluginAsync } from 'fastify';
import type { HqContext } from './context.js';
import { accountsPlugin } from './accounts/plugin.js';
import { registryPlugin } from './registry/plugin.js';
import { statusPlugin } from './status/plugin.js';
import { fleetPlugin } from './fleet/plugin.js';
import { protectionPlugin } from './protection/plugin.js';
import { pagesPlugin } from './pages/plugin.js';
import { enrolmentPlugin } from './enrolment/plugin.js';
import { ingestPlugin } from './ingest/plugin.js';

/**
 * One HQ area's part of the service: its routes and pages (registered at the root, API routes
 * under `ctx.apiPrefix`), and its background work started in an `onReady` hook and stopped in
 * `onClose`. Every route declares `config.access` (an HQ role list, 'authenticated' or 'public').
 */
export interface HqPlugin {
  name: string;
  plugin: FastifyPluginAsync<HqContext>;
}

/**
 * Every HQ plugin, in registration order: each area adds its one line here
 * (gateway/hq/<area>/plugin.ts).
 */
export const HQ_PLUGINS: readonly HqPlugin[] = [
  // One line per area, so areas adding theirs at the same time do not collide.
  accountsPlugin,
  registryPlugin,
  statusPlugin,
  fleetPlugin,
  enrolmentPlugin,
  ingestPlugin,
  protectionPlugin,
  // Last: the pages answer every path the API did not take.
  pagesPlugin,
];
