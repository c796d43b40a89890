import type { Command } from 'commander';

interface SimulateOptions {
  stations: number;
  broker: string;
  rate: number;
  perSite: number;
  healthSeconds: number;
  dataDir?: string;
  duration?: number;
  countsFile?: string;
}

const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`not a positive number: ${v}`);
  return n;
};

/**
 * `cardgate hq simulate`: N light stations in this process, each with the real telemetry
 * (contract, outbox, seq/bootId, last will), synthetic issuance, faults and health. On exit
 * (SIGINT/SIGTERM or --duration) it drains, prints each day's totals and writes every station's
 * own counts as JSON (--counts-file), to compare with HQ's.
 */
export function register(hq: Command): void {
  hq.command('simulate')
    .description('Run N simulated stations against a broker (load tests and demonstrations)')
    .requiredOption('--stations <n>', 'number of stations', (v) => Math.max(1, Math.floor(positive(v))))
    .requiredOption('--broker <urls>', 'broker URL(s) the stations publish to, comma-separated (mqtt://…)')
    .option('--rate <cards>', 'cards per station per hour', positive, 30)
    .option('--per-site <n>', 'stations per site', (v) => Math.max(1, Math.floor(positive(v))), 10)
    .option(
      '--health-seconds <s>',
      'health interval of every station',
      (v) => Math.max(1, Math.floor(positive(v))),
      30,
    )
    .option('-d, --data-dir <dir>', "the stations' outboxes (default: a temp dir)")
    .option('--duration <s>', 'stop after this many seconds', positive)
    .option('--counts-file <path>', "write every station's own counts per day here (JSON) on exit")
    .action(async (opts: SimulateOptions) => {
      const { mkdtemp, writeFile } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const { systemClock } = await import('../../core/clock.js');
      const { Simulator } = await import('../../hq/simulate/simulator.js');
      const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'cardgate-simulate-')));
      const sim = new Simulator({
        stations: opts.stations,
        perSite: opts.perSite,
        broker: opts.broker,
        dataDir,
        clock: systemClock,
        rate: opts.rate,
        healthIntervalSeconds: opts.healthSeconds,
        mqtt: { reconnectMinMs: 200, reconnectMaxMs: 5000 },
      });
      await sim.start();
      console.log(`cardgate hq simulate: ${opts.stations} stations started (${sim.connected()} connected)`);
      let last = Date.now();
      const timer = setInterval(() => {
        const now = Date.now();
        sim.tick(now - last);
        last = now;
      }, 100);
      let stopping = false;
      const finish = async () => {
        if (stopping) return;
        stopping = true;
        clearInterval(timer);
        const drained = await sim.drained(30_000);
        await sim.stop();
        for (const [day, t] of Object.entries(sim.totals()))
          console.log(
            `cardgate hq simulate: ${day} issued ${t.issued}, voided ${t.voided}, failed ${t.failed}`,
          );
        if (opts.countsFile) await writeFile(opts.countsFile, JSON.stringify(sim.ownCounts(), null, 1));
        console.log(`cardgate hq simulate: stopped${drained ? '' : ' (some outboxes not drained)'}`);
        process.exit(drained ? 0 : 1);
      };
      process.once('SIGINT', () => void finish());
      process.once('SIGTERM', () => void finish());
      if (opts.duration !== undefined) setTimeout(() => void finish(), opts.duration * 1000);
    });
}
