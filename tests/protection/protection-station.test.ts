import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { decodeSeal, readDataMatrix, sealContent } from '../../gateway/document/seal/index.js';
import { describeWithSystem } from '../helpers/system.js';
import { projectRoot, waitFor, type RunningProcess } from '../helpers/processes.js';
import { startCliStation, type CliStation } from '../helpers/cli-station.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { requestPerson } from '../helpers/persons.js';

/** Every file under a folder, as bytes: what someone who copies the data directory gets. */
function everyFile(dir: string): Array<{ path: string; bytes: Buffer }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? everyFile(path) : [{ path, bytes: readFileSync(path) }];
  });
}

/**
 * An operator registers an unaccompanied child and records what the programme asks: the flags,
 * the declared age and the representative. These are special-category data: the card, its seal,
 * the logs, the telemetry and the data directory in plain text must hold none of them.
 */
describeWithSystem([], 'vulnerability details at the station', () => {
  const dataDir = makeTempDir('cardgate-protection-');
  const person = requestPerson('arabic');
  const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg')).toString('base64');
  const protection = {
    flags: ['minor', 'unaccompanied-minor', 'trafficking-victim'],
    declaredAge: 15,
    ageAssessed: false,
    legalRepresentative: { name: 'Mirela Vasilescu', organisation: 'Salvați Copiii Galați' },
  };
  /** What must never be readable outside the sealed store. */
  const secrets = ['unaccompanied', 'trafficking', 'Mirela', 'Vasilescu', 'Salvați Copiii', 'Salvati Copiii'];
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
      env: { CARDGATE_LOG__LEVEL: 'debug' },
    });
    station = cli.proc;
    url = cli.url;
    login = cli.login;
  }, 90_000);

  afterAll(async () => {
    await cli?.stop();
  });

  it('refuses inconsistent details before anything is written', async () => {
    const cookie = await login('ana');
    const res = await fetch(`${url}/api/v1/issuances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        kind: 'new',
        person,
        photo,
        protection: { flags: ['pregnant'], declaredAge: 12 },
      }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: 'FIELDS_INVALID',
      errors: [{ field: 'protection.declaredAge', code: 'PROTECTION_CHILD_ONLY' }],
    });
    const unknown = await fetch(`${url}/api/v1/issuances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ kind: 'new', person, photo, protection: { flags: ['tall'] } }),
    });
    expect(unknown.status).toBe(400);
  });

  it('keeps the flags sealed: not on the card, in its seal, the logs, MQTT or the data directory in plain text', async () => {
    const operator = await login('ana');
    const technician = await login('tudor');
    const { broker } = (await (
      await fetch(`${url}/api/v1/telemetry`, { headers: { cookie: technician } })
    ).json()) as { broker: string };
    const { hq: account } = JSON.parse(
      readFileSync(join(dataDir, 'mqtt', 'embedded-broker.json'), 'utf8'),
    ) as {
      hq: { username: string; password: string };
    };
    const published: string[] = [];
    let issued = 0;
    const hq = mqtt.connect(broker, { protocolVersion: 4, ...account });
    hq.on('message', (topic, payload) => {
      published.push(`${topic} ${payload.toString()}`);
      if (topic.endsWith('/counters'))
        issued = (JSON.parse(payload.toString()) as { totals: { issued: number } }).totals.issued;
    });
    await new Promise<void>((resolve, reject) => {
      hq.once('connect', () => hq.subscribe('cardgate/#', { qos: 1 }, (e) => (e ? reject(e) : resolve())));
      hq.once('error', reject);
    });

    const created = await fetch(`${url}/api/v1/issuances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: operator },
      body: JSON.stringify({ kind: 'new', person, photo, protection }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await waitFor(
      async () => {
        const j = (await (
          await fetch(`${url}/api/v1/issuances/${id}`, { headers: { cookie: operator } })
        ).json()) as {
          status: string;
        };
        if (j.status === 'failed') throw new Error(`job failed: ${JSON.stringify(j)}`);
        return j.status === 'done';
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'job done' },
    );
    await waitFor(() => issued === 1, { timeoutMs: 20_000, what: 'counters at HQ' });
    hq.end(true);

    // The sealed details exist (HQ will receive them with the record) ...
    expect(existsSync(join(dataDir, 'personal', `${id}.protection`))).toBe(true);
    // ... and nothing anywhere else says them.
    const outDir = join(dataDir, 'printer-emulator');
    await waitFor(() => existsSync(outDir) && readdirSync(outDir).some((f) => f.endsWith('.json')), {
      timeoutMs: 30_000,
      what: 'the printed sides',
    });
    const seals = (
      await Promise.all(
        readdirSync(outDir)
          .filter((f) => f.endsWith('.png'))
          .map((f) => readDataMatrix(readFileSync(join(outDir, f)))),
      )
    ).flat();
    expect(seals).toHaveLength(1);
    const sealText = JSON.stringify(sealContent(decodeSeal(seals[0]!)));
    const leaks = (text: string) => secrets.filter((s) => text.toLowerCase().includes(s.toLowerCase()));
    expect(leaks(sealText)).toEqual([]);
    expect(leaks(published.join('\n'))).toEqual([]);
    expect(leaks(station.output())).toEqual([]);
    for (const file of everyFile(dataDir)) expect(leaks(file.bytes.toString('utf8')), file.path).toEqual([]);
  }, 120_000);
});
