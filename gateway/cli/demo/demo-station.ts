import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from '../../core/clock.js';
import { loadConfig } from '../../config/load.js';
import { enrolStation } from '../../enrolment/enrol.js';
import { openKeyStore } from '../../keys/open-key-store.js';
import type { BrokerUser } from '../../telemetry/embedded-broker.js';
import { UserStore } from '../../users/store.js';
import { demoPassword, STATION_DEMO_ROLES, type DemoStationRef } from './accounts.js';

export interface DemoStation {
  ref: DemoStationRef;
  url: string;
  logins: { role: string; name: string; password: string }[];
  /** SIGTERM, then SIGKILL past the station's own 10 s shutdown limit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const STOP_LIMIT_MS = 12_000;

/**
 * One real station (`cardgate start` as a child process of this CLI) with the built-in printer
 * and encoder emulators, its accounts in its users.json, enrolled at HQ through the station's
 * enrolment code (`cardgate enrol` does the same) so it hands its records off to HQ, and its
 * telemetry going to the demo's embedded broker.
 */
export async function startDemoStation(o: {
  dir: string;
  ref: DemoStationRef;
  hqUrl: string;
  token: string;
  broker: string;
  account: BrokerUser;
}): Promise<DemoStation> {
  const dataDir = join(o.dir, `${o.ref.site}-${o.ref.station}`);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const configFile = join(dataDir, 'demo-config.json');
  const config = {
    station: { locale: 'en', site: o.ref.site, id: o.ref.station },
    encoder: { driver: 'emulator' },
    board: { enabled: false },
    issuance: { numberBlocks: [{ prefix: o.ref.prefix, first: 1, last: 99_999, width: 7 }] },
    mqtt: {
      enabled: true,
      url: o.broker,
      username: o.account.username,
      password: o.account.password,
      protocolVersion: 4,
      healthIntervalSeconds: 10,
    },
  };
  await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });

  const users = await UserStore.open(dataDir);
  const logins = [];
  for (const role of STATION_DEMO_ROLES) {
    const login = { role, name: `demo-${role}`, password: demoPassword() };
    await users.add({ name: login.name, role, password: login.password, mustChangePassword: false });
    logins.push(login);
  }

  const loaded = await loadConfig({ file: configFile, flags: { dataDir } });
  const store = await openKeyStore(loaded.config.security, { dataDir: loaded.config.dataDir });
  try {
    await enrolStation({ dataDir, hqUrl: o.hqUrl, token: o.token, store, clock: systemClock });
  } finally {
    await store.close();
  }

  // The same program that runs this command (sources through tsx, or the build): its loader flags too.
  const args = [...process.execArgv, process.argv[1]!, 'start', '--config', configFile];
  const child = spawn(
    process.execPath,
    [...args, '--data-dir', dataDir, '--http', '--host', '127.0.0.1', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = await listeningUrl(child, exited);
  return {
    ref: o.ref,
    url,
    logins,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return child.exitCode;
    },
  };
}

/** The URL from the station's "cardgate: listening on <url>" line; its output's tail if it exits first. */
function listeningUrl(child: ChildProcess, exited: Promise<number | null>): Promise<string> {
  let tail = '';
  const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-4000));
  child.stderr?.on('data', keep);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      keep(d);
      const m = /cardgate: listening on (\S+)/.exec(tail);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`station exited (${code}) before listening:\n${tail}`)));
  });
}
