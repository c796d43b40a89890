import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { systemClock } from '../../core/clock.js';
import { Simulator } from '../../hq/simulate/simulator.js';
import { startEmbeddedBroker } from '../../telemetry/embedded-broker.js';
import { DEMO_STATIONS, demoBrokerUsers } from './accounts.js';
import { startDemoHq } from './demo-hq.js';
import { startDemoStation, type DemoStation } from './demo-station.js';
import { demoSummary } from './summary.js';

export interface DemoOptions {
  /** Where everything lives; default a temp dir removed on stop. */
  dataDir?: string;
  /** HQ's port (0: a free one). */
  port: number;
  /** Light simulated stations (`cardgate hq simulate`'s code). */
  simulated: number;
  print: (line: string) => void;
}

export interface RunningDemo {
  stop(): Promise<boolean>;
}

const PREFIX = 'cardgate';

/**
 * `cardgate demo`: the embedded broker, HQ on PGlite, three enrolled stations with emulated
 * devices, and a simulated fleet, all real code on loopback. Everything started is stopped in
 * reverse order by stop() (and if a start fails half-way).
 */
export async function runDemo(o: DemoOptions): Promise<RunningDemo> {
  const t0 = performance.now();
  const dir = o.dataDir ? resolve(o.dataDir) : await mkdtemp(join(tmpdir(), 'cardgate-demo-'));
  const stops: Array<() => Promise<boolean>> = [];
  const stop = async (): Promise<boolean> => {
    let clean = true;
    for (const s of stops.splice(0).reverse()) clean = (await s().catch(() => false)) && clean;
    if (!o.dataDir) await rm(dir, { recursive: true, force: true });
    return clean;
  };
  try {
    const accounts = demoBrokerUsers(PREFIX, DEMO_STATIONS);
    const broker = await startEmbeddedBroker({ users: accounts.all, host: '127.0.0.1', port: 0 });
    stops.push(async () => (await broker.close(), true));

    const hq = await startDemoHq({
      dir,
      port: o.port,
      broker: broker.url,
      account: accounts.hq,
      stations: DEMO_STATIONS,
    });
    stops.push(async () => (await hq.running.stop(), true));

    const stations: DemoStation[] = [];
    stops.push(async () => (await Promise.all(stations.map((s) => s.stop()))).every((c) => c === 0));
    await Promise.all(
      DEMO_STATIONS.map(async (ref, i) => {
        const s = await startDemoStation({
          dir,
          ref,
          hqUrl: hq.running.url,
          token: hq.tokens.get(ref)!,
          broker: broker.url,
          account: accounts.perStation[i]!,
        });
        stations.push(s);
      }),
    );
    stations.sort((a, b) => DEMO_STATIONS.indexOf(a.ref) - DEMO_STATIONS.indexOf(b.ref));

    if (o.simulated > 0) {
      const sim = new Simulator({
        stations: o.simulated,
        perSite: 6,
        broker: broker.url,
        dataDir: join(dir, 'simulated'),
        clock: systemClock,
        rate: 30,
        healthIntervalSeconds: 15,
        mqtt: {
          username: accounts.simulated.username,
          password: accounts.simulated.password,
          protocolVersion: 4,
          reconnectMinMs: 200,
          reconnectMaxMs: 5000,
        },
      });
      await sim.start();
      let last = Date.now();
      const timer = setInterval(() => {
        const now = Date.now();
        sim.tick(now - last);
        last = now;
      }, 250);
      stops.push(async () => {
        clearInterval(timer);
        await sim.stop();
        return true;
      });
    }

    for (const line of demoSummary({
      hqUrl: hq.running.url,
      hqLogins: hq.logins,
      stations,
      simulated: o.simulated,
      dir: o.dataDir ? dir : null,
      seconds: (performance.now() - t0) / 1000,
    }))
      o.print(line);
    return { stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
