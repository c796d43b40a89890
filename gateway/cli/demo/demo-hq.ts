import { join } from 'node:path';
import pino from 'pino';
import { systemClock } from '../../core/clock.js';
import { hqConfig } from '../../hq/config.js';
import { fleetConfig } from '../../hq/fleet/config.js';
import { startHq, type RunningHq } from '../../hq/hq.js';
import { loadHqTrust } from '../../hq/enrolment/hq-trust.js';
import { StationBook } from '../../hq/enrolment/station-book.js';
import type { BrokerUser } from '../../telemetry/embedded-broker.js';
import { demoPassword, HQ_DEMO_ROLES, type DemoStationRef } from './accounts.js';

export interface DemoHq {
  running: RunningHq;
  /** HQ accounts made for the demo: role → name and password. */
  logins: { role: string; name: string; password: string }[];
  /** One-time enrolment tokens, per station (`cardgate hq station add` does the same). */
  tokens: Map<DemoStationRef, string>;
}

/**
 * The real HQ (`cardgate hq`'s startHq) on the embedded PGlite database in `<dir>/hq`, plain HTTP
 * on loopback, fed by the embedded broker over MQTT 3.1.1 (aedes has no MQTT 5, so one plain
 * subscription instead of the shared group), with the demo accounts and enrolment tokens.
 */
export async function startDemoHq(o: {
  dir: string;
  port: number;
  broker: string;
  account: BrokerUser;
  stations: readonly DemoStationRef[];
}): Promise<DemoHq> {
  const running = await startHq({
    config: hqConfig({
      dataDir: join(o.dir, 'hq'),
      db: 'embedded',
      host: '127.0.0.1',
      port: o.port,
      http: true,
      fleet: fleetConfig({
        broker: o.broker,
        username: o.account.username,
        password: o.account.password,
        protocolVersion: 4,
        lanes: 1,
        // Demo stations report health every 10 s; a minute of silence is "offline".
        silenceMs: 60_000,
      }),
    }),
    // HQ's own log goes to stderr at warn, so the demo's URLs and logins stay readable on stdout.
    logger: pino({ level: 'warn' }, pino.destination(2)),
    // The first-start `admin` with a must-change password is HQ's; the demo prints its own accounts.
    print: () => undefined,
  });
  try {
    const logins = [];
    for (const role of HQ_DEMO_ROLES) {
      const login = { role, name: `demo-${role}`, password: demoPassword() };
      await running.ctx.accounts.add({ ...login, permissions: [], mustChangePassword: false });
      logins.push(login);
    }
    const trust = await loadHqTrust(running.ctx.db, running.ctx.keys, systemClock);
    const book = new StationBook(running.ctx.db, trust, systemClock);
    const tokens = new Map<DemoStationRef, string>();
    for (const s of o.stations) tokens.set(s, await book.add(s.site, s.station));
    return { running, logins, tokens };
  } catch (e) {
    await running.stop();
    throw e;
  }
}
