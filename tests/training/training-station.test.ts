import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import mqtt from 'mqtt';
import {
  loadDocumentSigner,
  parseTrust,
  readDataMatrix,
  verifySealWeb,
} from '../../gateway/document/seal/index.js';
import { TRAINING_PROFILE } from '../../gateway/training/training-pki.js';
import { describeWithSystem } from '../helpers/system.js';
import { projectRoot, waitFor } from '../helpers/processes.js';
import { startCliStation, type CliStation } from '../helpers/cli-station.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { requestPerson } from '../helpers/persons.js';

/**
 * A trainer runs `cardgate start --training` on the office's own station. What the trainees make
 * must never pass for a document and never touch production: the card carries a ZZ number and
 * SPECIMEN across both printed sides, its seal verifies only against the training CSCA, the
 * production folder gets no job, number or stock movement, every page says TRAINING, and
 * headquarters is told the station is training.
 */
describeWithSystem([], 'a station in training mode', () => {
  const dataDir = makeTempDir('cardgate-training-');
  const trainingDir = join(dataDir, 'training');
  const person = requestPerson('romanian-diacritics');
  const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg')).toString('base64');
  let cli: CliStation | undefined;
  let url: string;
  let login: CliStation['login'];

  beforeAll(async () => {
    // The trainee's account is a production account: training keeps its data apart, not its people.
    cli = await startCliStation({
      dataDir,
      users: [
        ['ioana', 'operator'],
        ['tudor', 'technician'],
      ],
      args: ['--training'],
    });
    url = cli.url;
    login = cli.login;
  }, 90_000);

  afterAll(async () => {
    await cli?.stop();
  });

  it('issues a SPECIMEN card with a ZZ number that only the training CSCA accepts, and production sees nothing', async () => {
    const page = await (await fetch(`${url}/issue`)).text();
    expect(page).toMatch(/<html lang="[a-z]+" data-mode="training"/);

    const cookie = await login('ioana');

    const created = await fetch(`${url}/api/v1/issuances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ kind: 'new', person, photo }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const done = await waitFor(
      async () => {
        const j = (await (await fetch(`${url}/api/v1/issuances/${id}`, { headers: { cookie } })).json()) as {
          status: string;
          documentNumber: string | null;
        };
        if (j.status === 'failed') throw new Error(`job failed: ${JSON.stringify(j)}`);
        return j.status === 'done' ? j : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'training job done' },
    );
    expect(done.documentNumber).toMatch(/^ZZ\d{7}$/);

    // The printed sides: SPECIMEN in the colour panels' red across each.
    const outDir = join(trainingDir, 'printer-emulator');
    // The emulator writes a job's record after its side images: once it is there, both are.
    await waitFor(() => existsSync(outDir) && readdirSync(outDir).some((f) => f.endsWith('.json')), {
      timeoutMs: 30_000,
      what: 'the printed sides',
    });
    const sides = readdirSync(outDir).filter((f) => /-(front|back)\.png$/.test(f));
    expect(sides.length).toBe(2);
    const seals: Uint8Array[] = [];
    for (const side of sides) {
      const png = readFileSync(join(outDir, side));
      expect(await markShare(png), side).toBeGreaterThan(0.03);
      seals.push(...(await readDataMatrix(png)));
    }
    expect(seals).toHaveLength(1);

    // The seal is a training signer's: its own CSCA accepts it, production's does not.
    const training = await loadDocumentSigner({ dataDir: trainingDir, profile: TRAINING_PROFILE });
    expect(new X509Certificate(training.caCertificatePem!).subject).toMatch(/TRAINING/);
    const production = await loadDocumentSigner({ dataDir: makeTempDir('cardgate-production-signer-') });
    const trust = (csca: string | null) =>
      parseTrust({ signers: [training.certificatePem], cscas: csca ? [csca] : [] });
    expect((await verifySealWeb(seals[0]!, trust(training.caCertificatePem))).valid).toBe(true);
    const refused = await verifySealWeb(seals[0]!, trust(production.caCertificatePem));
    expect(refused).toMatchObject({ valid: false, reason: 'CHAIN' });

    // Production's folder holds the accounts and nothing a card left behind.
    const productionFiles = readdirSync(dataDir).filter((f) => f !== 'training');
    expect(productionFiles.filter((f) => !/^users\.json$/.test(f))).toEqual([]);
    expect(existsSync(join(dataDir, 'printer-emulator'))).toBe(false);

    // Headquarters sees a training station (retained status), never a production one.
    const { hq: account } = JSON.parse(
      readFileSync(join(trainingDir, 'mqtt', 'embedded-broker.json'), 'utf8'),
    ) as { hq: { username: string; password: string } };
    const technician = await login('tudor');
    const { broker } = (await (
      await fetch(`${url}/api/v1/telemetry`, { headers: { cookie: technician } })
    ).json()) as { broker: string };
    const client = mqtt.connect(broker, { protocolVersion: 4, ...account });
    const status = await new Promise<Record<string, unknown>>((resolve, reject) => {
      client.on('message', (topic, payload) => {
        if (topic.endsWith('/status')) resolve(JSON.parse(payload.toString()) as Record<string, unknown>);
      });
      client.once('connect', () => client.subscribe('cardgate/+/+/status', { qos: 1 }));
      client.once('error', reject);
    });
    client.end(true);
    expect(status).toMatchObject({ state: 'online', training: true });
  }, 120_000);
});

/** Share of a side's pixels in the overprint's red (200, 0, 0), which no card artwork uses. */
async function markShare(png: Buffer): Promise<number> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, img.width, img.height).data;
  let red = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i]! > 180 && d[i + 1]! < 40 && d[i + 2]! < 40) red++;
  return red / (img.width * img.height);
}
