import { readFileSync } from 'node:fs';
import type { MqttClient } from 'mqtt';
import { KEY_LABELS } from '../../keys/key-store.js';
import type { HqContext } from '../context.js';
import type { HqPlugin } from '../plugins.js';
import type { StatusPublisher } from './status-publisher.js';
import { hqVerifyRoutes } from './verify-routes.js';

/** The first MQTT URL of the broker list (the status publisher speaks MQTT, also to NATS's listener). */
const mqttUrlOf = (broker: string | undefined): string | undefined =>
  broker
    ?.split(',')
    .map((s) => s.trim())
    .find((u) => /^mqtts?:\/\//.test(u));

/**
 * Revocations to the stations and the verify page at HQ: the verify routes, and (with a broker)
 * the status publisher, which sends every active station the status changes it lacks, signed
 * by HQ's command key in the key store.
 */
export const statusPlugin: HqPlugin = {
  name: 'status',
  plugin: async (app, ctx: HqContext) => {
    await app.register(hqVerifyRoutes, ctx);
    // The broker is the fleet's (`cardgate hq --broker`): one link per replica for status changes.
    const fleet = ctx.config.fleet;
    const url = mqttUrlOf(fleet.broker);
    const logger = ctx.logger.child({ area: 'status' });
    if (!url) {
      logger.info('no MQTT broker configured: status changes are kept until stations can be told');
      return;
    }
    let publisher: StatusPublisher | undefined;
    let client: MqttClient | undefined;
    app.addHook('onReady', async () => {
      const [{ default: mqtt }, { loadHqTrust }, { StatusPublisher }, { mqttStatusLink }] = await Promise.all(
        [
          import('mqtt'),
          import('../enrolment/hq-trust.js'),
          import('./status-publisher.js'),
          import('./status-link.js'),
        ],
      );
      const trust = await loadHqTrust(ctx.db, ctx.keys, ctx.clock);
      const tls = fleet.tls ?? {};
      client = mqtt.connect(url, {
        clientId: `cardgate-hq-status-${fleet.replica}`.slice(0, 64),
        protocolVersion: 4,
        reconnectPeriod: 2000,
        ...(fleet.username ? { username: fleet.username, password: fleet.password } : {}),
        ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}),
        ...(tls.certFile ? { cert: readFileSync(tls.certFile) } : {}),
        ...(tls.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
      });
      client.on('error', (e) => logger.warn({ err: e.message }, 'status broker link error'));
      publisher = new StatusPublisher({
        db: ctx.db,
        link: mqttStatusLink(client),
        prefix: fleet.prefix,
        signer: { store: ctx.keys, label: KEY_LABELS.hqCommandSigner, kid: trust.command.kid },
        clock: ctx.clock,
        logger,
      });
      // Not awaited: subscriptions wait for the broker, and HQ serves while the broker is away.
      publisher.start().then(
        () => logger.info({ broker: url.replace(/\/\/[^@]*@/, '//') }, 'status publisher started'),
        (e: unknown) =>
          logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'status publisher not started'),
      );
    });
    app.addHook('onClose', async () => {
      await publisher?.stop();
      await new Promise<void>((r) => (client ? client.end(false, {}, () => r()) : r()));
    });
  },
};
