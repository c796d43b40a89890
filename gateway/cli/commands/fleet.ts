import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(name, `must be a whole number, got "${v}"`);
  return n;
};

/**
 * `cardgate fleet`: the older single-process, in-memory monitor (fleet page + Prometheus metrics)
 * fed by MQTT. Deprecated: the fleet is part of HQ (`cardgate hq --broker`, docs/hq-fleet.md),
 * which keeps it in its database and shares it between replicas. It still works, and says so.
 */
export const FLEET_DEPRECATION =
  'cardgate fleet is deprecated: the fleet is part of HQ now; run `cardgate hq --broker <url>` and open /fleet (docs/hq-fleet.md), or `cardgate demo` to try it';
export function register(program: Command): void {
  program
    .command('fleet')
    .description(
      'Deprecated (use `cardgate hq --broker`): the in-memory fleet monitor, a page of every station and /metrics',
    )
    .requiredOption('--broker <url>', 'broker URL (mqtt:// or mqtts://)')
    .option('--port <n>', 'HTTP port of the page and /metrics', int('--port'), 9470)
    .option('--host <addr>', 'HTTP listen address', '127.0.0.1')
    .option('--ca <file>', 'CA certificate of the broker')
    .option('--cert <file>', 'client certificate')
    .option('--key <file>', 'client key')
    .option(
      '--username <name>',
      'broker account (the password comes from CARDGATE_MQTT_PASSWORD, never the command line)',
    )
    .option('--group <name>', 'shared-subscription group, so several monitors split the fleet')
    .option('--prefix <prefix>', 'topic prefix', 'cardgate')
    .option(
      '--silence <seconds>',
      'seconds without a message before a station counts as offline',
      int('--silence'),
      180,
    )
    .action(
      async (o: {
        broker: string;
        port: number;
        host: string;
        ca?: string;
        cert?: string;
        key?: string;
        username?: string;
        group?: string;
        prefix: string;
        silence: number;
      }) => {
        process.stderr.write(`${FLEET_DEPRECATION}\n`);
        if (!/^(mqtts?|wss?|tcp|ssl):\/\//.test(o.broker))
          throw new ConfigError('--broker', 'must be an mqtt:// or mqtts:// URL');
        const { startFleetMonitor } = await import('../../fleet/index.js');
        const monitor = await startFleetMonitor({
          broker: o.broker,
          port: o.port,
          host: o.host,
          prefix: o.prefix,
          silenceMs: o.silence * 1000,
          ...(o.ca ? { caFile: o.ca } : {}),
          ...(o.cert ? { certFile: o.cert } : {}),
          ...(o.key ? { keyFile: o.key } : {}),
          ...(o.group ? { group: o.group } : {}),
          ...(o.username ? { username: o.username } : {}),
          ...(process.env.CARDGATE_MQTT_PASSWORD ? { password: process.env.CARDGATE_MQTT_PASSWORD } : {}),
          log: (line) => process.stderr.write(`fleet: ${line}\n`),
        });
        process.stdout.write(`fleet monitor on ${monitor.url} (metrics at ${monitor.url}/metrics)\n`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await monitor.close();
      },
    );
}
