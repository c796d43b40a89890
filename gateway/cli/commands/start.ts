import { InvalidArgumentError, type Command } from 'commander';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be an integer 0–65535');
  return n;
}

interface StartOptions {
  config?: string;
  dataDir?: string;
  port?: number;
  http?: boolean;
  host?: string;
  broker?: string;
  site?: string;
  station?: string;
  training?: boolean;
}

/** Hard limit of a graceful stop; past it the process exits anyway (with 1). */
const SHUTDOWN_LIMIT_MS = 10_000;

export function register(program: Command): void {
  program
    .command('start')
    .description(
      'Run the station: API, devices and telemetry (prints "cardgate: listening on <url>" when ready)',
    )
    .option('-c, --config <file>', 'configuration file (JSON or YAML)')
    .option('-d, --data-dir <dir>', 'data directory (default ./var)')
    .option('-p, --port <n>', 'API port (0 picks a free one)', parsePort)
    .option('--host <host>', 'address to listen on')
    .option('--http', 'serve plain HTTP instead of HTTPS (local development only)')
    .option('--broker <url>', "MQTT broker URL, or 'embedded'")
    .option('--site <id>', 'site id used in telemetry topics')
    .option('--station <id>', 'station id within the site')
    .option(
      '--training',
      'training mode: SPECIMEN cards, ZZ numbers, a training signer, data under <data-dir>/training, no hand-off',
    )
    .action(async (opts: StartOptions) => {
      const { loadConfig } = await import('../../config/load.js');
      const { Station } = await import('../../station.js');
      const { stationOptions } = await import('../../composition.js');
      const { config } = await loadConfig({
        ...(opts.config ? { file: opts.config } : {}),
        flags: {
          dataDir: opts.dataDir,
          port: opts.port,
          host: opts.host,
          http: opts.http,
          broker: opts.broker,
          site: opts.site,
          station: opts.station,
        },
      });
      const { stationMode } = await import('../../training/training-mode.js');
      const mode = stationMode(config, opts.training === true);
      const station = new Station({ config: mode.config, usersDir: mode.usersDir, ...stationOptions() });
      const onSignal = (signal: NodeJS.Signals): void => {
        station.logger?.info({ signal }, 'stopping');
        setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
        station.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            station.logger?.error({ err: error }, 'stop failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      await station.start();
    });
}
