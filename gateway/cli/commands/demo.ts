import { InvalidArgumentError, type Command } from 'commander';
import { parsePort } from './start.js';

interface DemoOpts {
  dataDir?: string;
  port: number;
  simulated: number;
}

const count = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 1000) throw new InvalidArgumentError('must be a whole number 0–1000');
  return n;
};

/** Stations get 10 s (their own limit) and HQ its onClose hooks; past this the demo exits with 1. */
const SHUTDOWN_LIMIT_MS = 30_000;

/**
 * `cardgate demo` (`npm run demo`): HQ, three enrolled stations with emulated devices and a
 * simulated fleet on this machine; prints every page's URL and the demo accounts; Ctrl-C stops all.
 */
export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'Run HQ, three stations with emulated devices and a simulated fleet on loopback; prints every page and login',
    )
    .option('-d, --data-dir <dir>', 'keep everything here (default: a temp dir removed at exit)')
    .option('-p, --port <n>', "HQ's port (0 picks a free one)", parsePort, 0)
    .option('--simulated <n>', 'light simulated stations sending telemetry', count, 36)
    .action(async (opts: DemoOpts) => {
      const { runDemo } = await import('../demo/run-demo.js');
      const started = runDemo({
        ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
        port: opts.port,
        simulated: opts.simulated,
        print: (line) => process.stdout.write(`${line}\n`),
      });
      // Listening from the start: a Ctrl-C while the stations come up stops them once they are up.
      const onSignal = (signal: NodeJS.Signals): void => {
        process.stdout.write(`cardgate demo: ${signal}, stopping\n`);
        setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
        started
          .then((demo) => demo.stop())
          .then(
            (clean) => {
              process.stdout.write(
                `cardgate demo: stopped${clean ? '' : ' (a station did not stop cleanly)'}\n`,
              );
              process.exit(clean ? 0 : 1);
            },
            () => process.exit(1),
          );
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      await started;
    });
}
