import type { StationComponent } from '../station.js';
import type { IssuanceService } from '../issuance/service.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { StationCounters } from '../core/events.js';
import type { StatusList } from '../revocation/status-list.js';
import { CardgateError } from '../core/errors.js';
import type { KeyStoreHealth } from '../keys/key-store-watch.js';
import type { HandoffStatus } from '../handoff/handoff.js';
import { lineHealth } from '../lines/line-health.js';

const NO_COUNTS: StationCounters = {
  totals: { issued: 0, spoiled: 0, voided: 0, byKind: {} },
  today: { date: new Date(0).toISOString().slice(0, 10), issued: 0, spoiled: 0, voided: 0 },
  stock: { loaded: 0, inFeeder: 0, good: 0, spoiled: 0 },
  numbers: { remaining: 0 },
};

/**
 * Telemetry to the data centre, and for `mqtt.url: 'embedded'` an in-process broker so one
 * machine shows the whole path. Commands from the data centre go to the issuance service given
 * here; a station without one answers them ISSUANCE_DISABLED and publishes zero counts.
 */
export function telemetryComponent(deps: {
  issuance: IssuanceService | null;
  /** Where HQ's document status changes go (absent: the command is refused). */
  statusList?: StatusList;
  /** The key store's state, reported in health samples. */
  keys?: () => KeyStoreHealth;
  /** The hand-off's backlog, reported in health samples (enrolled stations). */
  handoff?: () => HandoffStatus;
}): StationComponent {
  let closeBroker: (() => Promise<void>) | null = null;
  let started: Telemetry | null = null;
  return {
    name: 'telemetry',
    async start(ctx) {
      const cfg = ctx.config.mqtt;
      const logger = ctx.logger.child({ area: 'telemetry' });
      let mqtt = cfg;
      if (cfg.enabled && cfg.url === 'embedded') {
        const { startEmbeddedBroker } = await import('../telemetry/embedded-broker.js');
        const { embeddedCredentials, embeddedUsers } = await import('../telemetry/broker-credentials.js');
        // The broker admits only accounts made for this data directory (no anonymous commands).
        const creds = await embeddedCredentials(ctx.dataDir);
        const { site, id } = ctx.config.station;
        const users = embeddedUsers(creds, { prefix: cfg.prefix, site, id });
        const broker = await startEmbeddedBroker({ port: cfg.embeddedPort, host: '127.0.0.1', users }).catch(
          (err: NodeJS.ErrnoException) => {
            // Another station (or broker) holds the port on this machine: take a free one.
            if (err.code !== 'EADDRINUSE') throw err;
            logger.warn({ port: cfg.embeddedPort }, 'embedded broker port in use; picking a free one');
            return startEmbeddedBroker({ port: 0, host: '127.0.0.1', users });
          },
        );
        closeBroker = () => broker.close();
        mqtt = { ...cfg, url: broker.url, protocolVersion: 4, ...creds.station };
        logger.info({ url: broker.url }, 'embedded MQTT broker started');
      }
      const { createTelemetry } = await import('../telemetry/telemetry.js');
      const { redactConfig } = await import('../config/redact.js');
      const issuance = (): IssuanceService => {
        if (!deps.issuance)
          throw new CardgateError('ISSUANCE_DISABLED', 'this station has no issuance workflow');
        return deps.issuance;
      };
      const telemetry = createTelemetry({
        config: mqtt,
        station: ctx.config.station,
        bus: ctx.bus,
        registry: ctx.registry,
        clock: ctx.clock,
        dataDir: ctx.dataDir,
        logger,
        counters: () => deps.issuance?.counters() ?? NO_COUNTS,
        ...(deps.keys ? { keyStore: deps.keys } : {}),
        ...(deps.handoff ? { handoff: deps.handoff } : {}),
        ...(deps.issuance ? { lines: () => lineHealth(deps.issuance!.lines()) } : {}),
        commands: {
          lock: (reason) => issuance().lock('datacenter', reason, 'datacenter'),
          unlock: () => issuance().unlock('datacenter', 'datacenter'),
          // The data centre names a range; the serial part is as wide as its largest number (at least 7).
          assignNumberBlock: (block) =>
            issuance().assignNumberBlock(
              {
                prefix: block.prefix ?? '',
                first: block.first,
                last: block.last,
                width: Math.max(7, String(block.last).length),
              },
              'datacenter',
            ),
          ...(deps.statusList
            ? {
                documentStatus: (changes) => deps.statusList!.apply(changes, new Date(ctx.clock.now())),
              }
            : {}),
          diagnostics: () => {
            const station = deps.issuance?.station();
            return {
              config: redactConfig(ctx.config),
              devices: ctx.registry.list(),
              station: station
                ? {
                    locked: station.locked,
                    numbersRemaining: station.numbersRemaining,
                    counters: station.counters,
                  }
                : null,
              numberBlocks: deps.issuance?.numberBlocks() ?? [],
            };
          },
        },
      });
      started = telemetry;
      if (cfg.enabled) {
        await telemetry
          .start()
          .catch((err: Error) => logger.warn({ err: err.message }, 'telemetry not connected yet'));
      }
      const { telemetryRoutes } = await import('../api/routes/telemetry.js');
      await ctx.api.register(telemetryRoutes, { prefix: ctx.apiPrefix, telemetry });
    },
    async stop() {
      await started?.stop().catch(() => {});
      await closeBroker?.();
    },
    ready: () => true,
  };
}
