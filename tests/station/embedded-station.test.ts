import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { describeWithSystem } from '../helpers/system.js';
import { projectRoot, waitFor, type RunningProcess } from '../helpers/processes.js';
import { startCliStation, type CliStation } from '../helpers/cli-station.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { personalDataIn, type Person } from '../helpers/personal-data.js';
import { requestPerson } from '../helpers/persons.js';

/**
 * The embedded default as `npm start` runs it (printer emulator over TCP, encoder emulator,
 * board emulator over a pty, embedded MQTT broker), driven the way its users drive it: an
 * operator issues a card through the API; headquarters' view over MQTT counts it without ever
 * seeing who it was for.
 */
describeWithSystem(['socat'], 'the embedded station, end to end', () => {
  const dataDir = makeTempDir('cardgate-station-');
  // The station sets the document fields itself and refuses a request that carries them.
  const person = requestPerson('cyrillic');
  const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg')).toString('base64');
  let cli: CliStation | undefined;
  let station: RunningProcess;
  let url: string;
  let login: CliStation['login'];

  beforeAll(async () => {
    cli = await startCliStation({
      dataDir,
      users: [
        ['ana', 'operator'],
        ['tudor', 'technician'],
      ],
    });
    station = cli.proc;
    url = cli.url;
    login = cli.login;
  }, 90_000);

  afterAll(async () => {
    await cli?.stop();
  });

  it('issues a card the operator asked for, and headquarters counts it without personal data', async () => {
    const operator = await login('ana');
    const technician = await login('tudor');

    const { items: devices } = (await (
      await fetch(`${url}/api/v1/devices`, { headers: { cookie: technician } })
    ).json()) as {
      items: Array<{
        id: string;
        class: string;
        emulated: boolean;
      }>;
    };
    expect(devices.map((d) => d.class).sort()).toEqual(
      expect.arrayContaining(['board', 'encoder', 'printer']),
    );
    expect(devices.filter((d) => d.class !== 'camera').every((d) => d.emulated)).toBe(true);

    const telemetry = (await (
      await fetch(`${url}/api/v1/telemetry`, { headers: { cookie: technician } })
    ).json()) as {
      broker: string;
    };
    const seen: string[] = [];
    let counters: { totals: { issued: number } } | null = null;
    // The embedded broker admits only the accounts made in the data directory; HQ uses its own.
    const { hq: account } = JSON.parse(
      readFileSync(join(dataDir, 'mqtt', 'embedded-broker.json'), 'utf8'),
    ) as { hq: { username: string; password: string } };
    const hq = mqtt.connect(telemetry.broker, { protocolVersion: 4, ...account });
    hq.on('message', (topic, payload) => {
      seen.push(payload.toString());
      if (topic.endsWith('/counters')) counters = JSON.parse(payload.toString()) as typeof counters;
    });
    await new Promise<void>((resolve, reject) => {
      hq.once('connect', () =>
        hq.subscribe('cardgate/#', { qos: 1 }, (err) => (err ? reject(err) : resolve())),
      );
      hq.once('error', reject);
    });

    const created = await fetch(`${url}/api/v1/issuances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: operator },
      body: JSON.stringify({ kind: 'new', person, photo }),
    });
    expect(created.status).toBe(201);
    const job = (await created.json()) as { id: string };
    let last = '';
    const done = await waitFor(
      async () => {
        const j = (await (
          await fetch(`${url}/api/v1/issuances/${job.id}`, { headers: { cookie: operator } })
        ).json()) as {
          status: string;
          documentNumber: string | null;
        };
        if (j.status === 'failed') throw new Error(`job failed: ${JSON.stringify(j)}`);
        last = JSON.stringify(j);
        return j.status === 'done' ? j : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'job done' },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; last seen ${last}\n--- station ---\n${station.output().slice(-4000)}`);
    });
    expect(done.documentNumber).toMatch(/^RT\d{7}$/);

    // The technician sees the job, but not whose it is.
    const techView = (await (
      await fetch(`${url}/api/v1/issuances/${job.id}`, { headers: { cookie: technician } })
    ).json()) as Record<string, unknown>;
    expect(techView.person).toBeUndefined();

    await waitFor(() => counters !== null && counters.totals.issued === 1, {
      timeoutMs: 20_000,
      what: 'counters at HQ',
    });
    hq.end(true);
    // Every form of the person's data, in any letter case and as the MRZ writes it.
    expect(personalDataIn(seen.join('\n'), person as unknown as Person)).toEqual([]);
  }, 120_000);
});
