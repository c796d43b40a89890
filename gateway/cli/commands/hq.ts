import { Option, type Command } from 'commander';
import type { CommandModule } from '../command-module.js';
import { parsePort } from './start.js';
import * as hqUser from './hq-user.js';
import * as hqSimulate from './hq-simulate.js';
import * as hqStation from './hq-station.js';

/**
 * Sub-commands of `cardgate hq` (`hq user`, `hq station`, `hq simulate`, …): each HQ area adds
 * its module here; `register` receives the `hq` command.
 */
const HQ_SUBCOMMANDS: CommandModule[] = [hqUser, hqSimulate, hqStation];

/** Where `--db` and `--data-dir` come from for `cardgate hq` and its admin sub-commands. */
export const hqDataDirOption = (): Option =>
  new Option('-d, --data-dir <dir>', "HQ's data directory (embedded database, keys, TLS)").default(
    './var-hq',
  );
export const hqDbOption = (): Option =>
  new Option(
    '--db <url>',
    "postgres://user@host:port/db, or 'embedded' (PGlite in <data-dir>/db; one process at a time)",
  )
    .env('CARDGATE_HQ_DB')
    .default('embedded');

interface HqOptions {
  dataDir: string;
  db: string;
  port?: number;
  host?: string;
  http?: boolean;
  broker?: string;
  replica?: string;
  brokerUser?: string;
  fleetPrefix?: string;
}

const SHUTDOWN_LIMIT_MS = 10_000;

export function register(program: Command): void {
  const hq = program
    .command('hq')
    .description(
      'Run the headquarters service: registry, enrolment, hand-off and fleet (prints "cardgate hq: listening on <url>" when ready)',
    )
    .addOption(hqDataDirOption())
    .addOption(hqDbOption())
    .option('-p, --port <n>', 'port (0 picks a free one; default 9443)', parsePort)
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--http', 'serve plain HTTP instead of HTTPS (local development only)')
    .option(
      '--broker <urls>',
      'station telemetry: mqtt(s)://… (shared subscription) or nats://… (JetStream), several comma-separated',
    )
    .option('--replica <name>', "this replica's name in /metrics and its MQTT client id (default host-pid)")
    .option('--broker-user <name>', 'broker account (password from CARDGATE_HQ_BROKER_PASSWORD)')
    .option('--fleet-prefix <prefix>', 'telemetry topic prefix (default cardgate)')
    // `hq user add --data-dir X`: the options after a sub-command are the sub-command's own.
    .enablePositionalOptions()
    .action(async (opts: HqOptions) => {
      const { hqConfig } = await import('../../hq/config.js');
      const { startHq } = await import('../../hq/hq.js');
      const { fleetConfig } = await import('../../hq/fleet/config.js');
      const running = await startHq({
        config: hqConfig({
          dataDir: opts.dataDir,
          db: opts.db,
          port: opts.port,
          host: opts.host,
          http: opts.http,
          fleet: fleetConfig({
            broker: opts.broker,
            replica: opts.replica,
            username: opts.brokerUser,
            password: process.env.CARDGATE_HQ_BROKER_PASSWORD,
            prefix: opts.fleetPrefix,
          }),
        }),
      });
      const onSignal = (signal: NodeJS.Signals): void => {
        running.ctx.logger.info({ signal }, 'stopping');
        setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    });
  for (const sub of HQ_SUBCOMMANDS) sub.register(hq);
}
