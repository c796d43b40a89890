import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CardgateError } from '../../core/errors.js';
import { brokerUrls } from '../../telemetry/connection.js';
import { HQ_ACCESS } from '../accounts/roles.js';
import type { HqContext } from '../context.js';
import type { HqPlugin } from '../plugins.js';
import {
  dailyCounts,
  fleetOverview,
  siteTotals,
  stationDevices,
  stationIncidents,
  stationRow,
} from './fleet-queries.js';
import { FleetIngest } from './ingest.js';
import { scheduleLeaderJobs } from './leader-jobs.js';
import { renderFleetMetrics } from './metrics.js';
import { startMqttSource } from './mqtt-source.js';
import { startNatsSource } from './nats-source.js';

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const supervisor = HQ_ACCESS.supervisor;

/**
 * The fleet at HQ: telemetry ingest from the broker (every replica, sharing the stream), the
 * leader-only jobs, /metrics and the fleet API, all reading and writing the one database.
 */
const fleetRoutes: FastifyPluginAsyncTypebox<HqContext> = async (app, ctx) => {
  const f = ctx.config.fleet;
  const ingest = new FleetIngest({ db: ctx.db, prefix: f.prefix, logger: ctx.logger, clock: ctx.clock });
  const closers: (() => Promise<void> | void)[] = [];

  app.addHook('onReady', async () => {
    const leader = scheduleLeaderJobs({
      db: ctx.db,
      clock: ctx.clock,
      logger: ctx.logger,
      silenceMs: f.silenceMs,
      retentionDays: f.retentionDays,
      intervalMs: f.leaderIntervalMs,
    });
    closers.push(() => leader.stop());
    if (!f.broker) return;
    const handle = (topic: string, raw: Uint8Array) => ingest.handle(topic, raw);
    if (f.broker.startsWith('nats://')) {
      const src = await startNatsSource({
        servers: brokerUrls(f.broker),
        prefix: f.prefix,
        durable: f.group,
        logger: ctx.logger,
        handle,
        ...(f.username ? { user: f.username, pass: f.password ?? '' } : {}),
      });
      closers.push(() => src.close());
    } else {
      // mqtt.js works one message per connection at a time (the PUBACK waits for the commit), so
      // each replica joins the shared group with `lanes` sessions: their messages meet in the
      // ingest's queue and commit together. Lane 0 keeps the replica's plain client id.
      for (let lane = 0; lane < f.lanes; lane++) {
        const src = startMqttSource({
          url: f.broker,
          prefix: f.prefix,
          group: f.group,
          clientId: lane === 0 ? `cardgate-hq-${f.replica}` : `cardgate-hq-${f.replica}-${lane}`,
          logger: ctx.logger,
          handle,
          ...(f.username ? { username: f.username } : {}),
          ...(f.password ? { password: f.password } : {}),
          ...(f.tls ? { tls: f.tls } : {}),
          ...(f.protocolVersion ? { protocolVersion: f.protocolVersion } : {}),
        });
        closers.push(() => src.close());
      }
    }
  });
  app.addHook('onClose', async () => {
    ingest.stop();
    for (const c of closers.splice(0).reverse()) await c();
  });

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(await renderFleetMetrics(ctx.db, new Date(ctx.clock.now()), f.replica, ingest.counters)),
  );

  app.get(
    `${ctx.apiPrefix}/fleet/stations`,
    {
      config: { access: supervisor },
      schema: {
        tags: ['fleet'],
        summary: 'Every station, worst state first; filter and search',
        querystring: Type.Object({
          search: Type.Optional(Type.String({ maxLength: 64 })),
          site: Type.Optional(Id),
          status: Type.Optional(
            Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('unknown')]),
          ),
          problems: Type.Optional(Type.Boolean()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
      },
    },
    async (req) =>
      fleetOverview(ctx.db, { ...req.query, cardStockLow: f.cardStockLow, clockSkewMs: f.clockSkewMs }),
  );

  app.get(
    `${ctx.apiPrefix}/fleet/stations/:site/:station`,
    {
      config: { access: supervisor },
      schema: {
        tags: ['fleet'],
        summary: "A station: state, devices, incidents and the last 60 days' exact counts",
        params: Type.Object({ site: Id, station: Id }),
      },
    },
    async (req) => {
      const { site, station } = req.params;
      const row = await stationRow(ctx.db, site, station);
      if (!row)
        throw new CardgateError('FLEET_STATION_UNKNOWN', `no telemetry from ${site}/${station}`, {
          status: 404,
        });
      const now = new Date(ctx.clock.now());
      const from = new Date(now.getTime() - 60 * 86_400_000).toISOString().slice(0, 10);
      return {
        station: row,
        devices: await stationDevices(ctx.db, site, station),
        incidents: await stationIncidents(ctx.db, site, station, now),
        days: await dailyCounts(ctx.db, { site, station, from, to: now.toISOString().slice(0, 10) }),
      };
    },
  );

  const Range = Type.Object({ from: Day, to: Day, site: Type.Optional(Id), station: Type.Optional(Id) });
  app.get(
    `${ctx.apiPrefix}/fleet/counts`,
    {
      config: { access: supervisor },
      schema: {
        tags: ['fleet'],
        summary: 'Exact counts per station and day, with gap flags',
        querystring: Range,
      },
    },
    async (req) => ({ items: await dailyCounts(ctx.db, req.query) }),
  );

  app.get(
    `${ctx.apiPrefix}/fleet/sites/:site/days`,
    {
      config: { access: supervisor },
      schema: {
        tags: ['fleet'],
        summary: "A site's totals per day over its stations (the site page)",
        params: Type.Object({ site: Id }),
        querystring: Type.Object({ from: Day, to: Day }),
      },
    },
    async (req) => ({ items: await siteTotals(ctx.db, { ...req.query, site: req.params.site }) }),
  );

  app.get(
    `${ctx.apiPrefix}/fleet/sites/counts.csv`,
    {
      config: { access: supervisor },
      schema: {
        tags: ['fleet'],
        summary: 'CSV of counts per site per day (for reporting)',
        querystring: Range,
      },
    },
    async (req, reply) => {
      const rows = await siteTotals(ctx.db, req.query);
      const lines = ['day,site,stations,issued,voided,failed,cancelled'];
      for (const r of rows)
        lines.push([r.day, r.site, r.stations, r.issued, r.voided, r.failed, r.cancelled].join(','));
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="cardgate-counts-${req.query.from}-${req.query.to}.csv"`,
        )
        .send(lines.join('\n') + '\n');
    },
  );
};

export const fleetPlugin: HqPlugin = { name: 'fleet', plugin: fleetRoutes };
