import { rm } from 'node:fs/promises';
import { expect } from 'vitest';
import { runCli, startCli, type RunningProcess } from './processes.js';

export const STATION_PASSWORD = 'a-long-passphrase-1';

export interface CliStation {
  proc: RunningProcess;
  url: string;
  /** Logs a user in through the API; returns the session cookie. */
  login(name: string): Promise<string>;
  /**
   * The whole teardown: SIGTERM, a clean exit (code 0: a station that cannot shut down cleanly
   * fails the test that started it), then the data directory removed. `keepData` leaves the
   * directory for a test that starts another process on it; calling stop again is harmless.
   */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * A real station from the CLI (`cardgate start --http` on a free port) with its users added first
 * by `cardgate user add`, the built-in emulators (encoder emulator, no panel delay) and the embedded
 * broker on a free port. `args` adds start options (e.g. `--training`); `env` adds or overrides
 * configuration. End it with `stop()`, which also removes `dataDir`.
 */
export async function startCliStation(opts: {
  dataDir: string;
  users: readonly (readonly [name: string, role: string])[];
  args?: string[];
  env?: Record<string, string>;
}): Promise<CliStation> {
  for (const [name, role] of opts.users) {
    const r = await runCli([
      'user',
      'add',
      '--data-dir',
      opts.dataDir,
      '--name',
      name,
      '--role',
      role,
      '--password',
      STATION_PASSWORD,
    ]);
    expect(r.code, r.stderr).toBe(0);
  }
  const proc = startCli(
    [
      'start',
      ...(opts.args ?? []),
      '--http',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data-dir',
      opts.dataDir,
    ],
    {
      env: {
        CARDGATE_ENCODER__DRIVER: 'emulator',
        CARDGATE_MQTT__EMBEDDEDPORT: '0',
        CARDGATE_PRINTER__EMULATOR__PANELMS: '0',
        ...opts.env,
      },
    },
  );
  let url: string;
  try {
    url = (await proc.waitForOutput(/listening on (\S+)/, 60_000))[1]!;
  } catch (e) {
    // The caller never gets a handle to stop: end the process here rather than leave it running.
    await proc.stop('SIGKILL');
    throw e;
  }
  return {
    proc,
    url,
    async stop(stopOpts = {}) {
      expect(await proc.stop('SIGTERM'), proc.output().slice(-3000)).toBe(0);
      if (!stopOpts.keepData) await rm(opts.dataDir, { recursive: true, force: true });
    },
    async login(name) {
      const res = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password: STATION_PASSWORD }),
      });
      expect(res.status).toBe(200);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
  };
}
