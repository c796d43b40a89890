import mqtt from 'mqtt';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeSeal } from '../../gateway/document/seal/describe.js';
import { readDataMatrix } from '../../gateway/document/seal/read-datamatrix.js';
import { embeddedCredentials } from '../../gateway/telemetry/broker-credentials.js';
import { generateCommandKey, signCommand } from '../../gateway/telemetry/command-token.js';
import { launchBrowser, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { freePort } from '../helpers/mosquitto.js';
import { projectRoot, runCli, startCli, waitFor, type RunningProcess } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  buildPages,
  expectNoSeriousViolations,
  logIn,
  recordBlanks,
  startStation,
  type RunningStation,
} from './station-fixture.js';
import { fixturePerson } from '../helpers/persons.js';

/**
 * The printed side whose seal names `number`, as the printer emulator wrote it (its job record
 * is written after the PNGs, once the card is out), or null while it is not there yet.
 */
async function printedSeal(
  outDir: string,
  number: string,
): Promise<{ png: string; seal: Uint8Array } | null> {
  for (const f of readdirSync(outDir).filter((n) => /^job-\d+\.json$/.test(n))) {
    const record = JSON.parse(readFileSync(join(outDir, f), 'utf8')) as { png?: Record<string, string> };
    for (const png of Object.values(record.png ?? {})) {
      for (const seal of await readDataMatrix(readFileSync(join(outDir, png)))) {
        const mrz = describeSeal(seal).features.find((x) => x.name === 'mrz')?.value;
        if (Array.isArray(mrz) && mrz[0]?.includes(number)) return { png: join(outDir, png), seal };
      }
    }
  }
  return null;
}

const hqKey = await generateCommandKey('verify-test-hq');

describeWithSystem(['chromium'], 'the verify page at the station', () => {
  vi.setConfig({ testTimeout: 120_000 });
  let emulator: RunningProcess;
  let outDir: string;
  let station: RunningStation;
  let b: TestBrowser;
  let brokerPort: number;
  let card: { png: string; seal: Uint8Array; job: { status: string; documentNumber: string } };
  const ana = { name: 'ana', role: 'operator' as const, password: 'ana-password-1' };
  const tudor = { name: 'tudor', role: 'technician' as const, password: 'tudor-password-1' };

  beforeAll(async () => {
    buildPages();
    outDir = mkdtempSync(join(tmpdir(), 'cardgate-verify-printed-'));
    emulator = startCli(['printer-emulator', '--tcp', '0', '--out', outDir, '--panel-ms', '0']);
    const [line] = await emulator.waitForOutput(/\{"listening".*\}/, 30_000);
    const emu = JSON.parse(line) as { listening: string };
    brokerPort = await freePort();
    station = await startStation(
      {
        station: { locale: 'en', site: 'north', id: 'st-1' },
        printer: { url: emu.listening, pollIntervalMs: 500 },
        encoder: { driver: 'emulator' },
        board: { enabled: false },
        mqtt: { enabled: true, url: 'embedded', embeddedPort: brokerPort, commandKeys: hqKey.publicJwks },
      },
      [ana, tudor],
    );
    await recordBlanks(station.url, tudor, 10);
    const dir = mkdtempSync(join(tmpdir(), 'cardgate-verify-person-'));
    const person = fixturePerson('romanian-diacritics') as unknown as Record<string, unknown>;
    for (const k of ['documentNumber', 'documentCode', 'issuingState', 'dateOfIssue', 'dateOfExpiry'])
      delete person[k];
    writeFileSync(join(dir, 'p.json'), JSON.stringify(person));
    const issued = await runCli([
      'issue',
      ...['--server', station.url, '--user', ana.name, '--password', ana.password],
      ...['--person', join(dir, 'p.json'), '--photo', join(projectRoot, 'tests/fixtures/face.jpg')],
      ...['--wait', '--poll-ms', '100'],
    ]);
    expect(issued.code, issued.stderr).toBe(0);
    const job = JSON.parse(issued.stdout) as { status: string; documentNumber: string };
    expect(job.status).toBe('done');
    const printed = await waitFor(() => printedSeal(outDir, job.documentNumber), {
      what: 'the printed card in the emulator output',
      timeoutMs: 30_000,
    });
    card = { ...printed, job };

    b = await launchBrowser({ baseURL: station.url, stepTimeoutMs: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await station?.stop();
    await emulator?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('reads a printed card’s seal from a photo: valid; after HQ revokes it, revoked (in English and Romanian), and a re-issue warns the operator', async () => {
    const { png } = card;
    const { page } = b;
    await logIn(page, ana.name, ana.password);
    await page.goto('/verify');
    await page.getByTestId('upload').setInputFiles(png);
    const overall = page.getByTestId('overall');
    const status = page.getByTestId('document-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('valid');
    expect(await overall.getAttribute('data-overall')).toBe('valid');
    expect(await overall.textContent()).toBe('Valid');
    expect(await page.getByTestId('seal-verdict').getAttribute('data-verdict')).toBe('valid');
    expect(await page.locator('[data-field=documentNumber]').textContent()).toBe(card.job.documentNumber);
    expect(await page.locator('[data-field=surname]').textContent()).toBe('STEFANESCU TARANU');
    expect(await page.locator('[data-field=personalCode]').textContent()).toBe('7881403123456');
    expectNoSeriousViolations(await seriousAxeViolations(page), 'verify page');

    // HQ revokes the document: a signed document-status command over the station's broker.
    const creds = await embeddedCredentials(join(station.dataDir, 'data'));
    const hq = mqtt.connect(`mqtt://127.0.0.1:${brokerPort}`, { ...creds.hq, protocolVersion: 4 });
    const replies: Record<string, unknown>[] = [];
    hq.on('message', (_t, p) => replies.push(JSON.parse(p.toString()) as Record<string, unknown>));
    await new Promise<void>((resolve, reject) => {
      hq.once('connect', () =>
        hq.subscribe('cardgate/north/st-1/reply/document-status', { qos: 1 }, (e) =>
          e ? reject(e) : resolve(),
        ),
      );
      hq.once('error', reject);
    });
    const token = await signCommand({
      key: hqKey.privateJwk,
      site: 'north',
      station: 'st-1',
      command: 'document-status',
      requestId: 'revoke-1',
      args: {
        changes: [
          { seq: 1, number: card.job.documentNumber, status: 'revoked', at: new Date().toISOString() },
        ],
      },
    });
    await new Promise<void>((r) =>
      hq.publish('cardgate/north/st-1/cmd/document-status', token, { qos: 1 }, () => r()),
    );
    const reply = await waitFor(() => replies.find((p) => p.requestId === 'revoke-1'), {
      what: 'the station’s reply',
      timeoutMs: 20_000,
    });
    await new Promise((r) => hq.end(true, {}, r));
    expect(reply).toMatchObject({ ok: true, result: { applied: 1, highestSeq: 1 } });

    await page.getByTestId('recheck').click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 20_000 }).toBe('revoked');
    expect(await overall.getAttribute('data-overall')).toBe('revoked');
    expect(await overall.textContent()).toBe('Revoked');
    expect(await page.getByTestId('seal-verdict').getAttribute('data-verdict')).toBe('valid');
    await page.getByTestId('language').selectOption('ro');
    await expect.poll(() => overall.textContent()).toBe('Revocat');
    await page.getByTestId('language').selectOption('en');

    // The operator starts a re-issue of that card: the revocation is shown before issuing.
    await page.goto('/issue');
    await page
      .getByRole('button', { name: /^Re-issue: / })
      .first()
      .click();
    await page.locator('h1', { hasText: 'Re-issue a card' }).waitFor();
    const warning = page.getByTestId('reissue-warning');
    await warning.waitFor();
    expect(await warning.getAttribute('data-code')).toBe('REISSUE_DOCUMENT_REVOKED');
    expect(await warning.textContent()).toContain(card.job.documentNumber);
    expect(await warning.textContent()).toContain('Headquarters revoked this document');
  });

  it('scans the printed card with the webcam: the seal is read from the camera frames and verified', async () => {
    // The fake webcam shows the printed side (as a phone held over the card would).
    const video = join(mkdtempSync(join(tmpdir(), 'cardgate-verify-cam-')), 'card.y4m');
    execFileSync('ffmpeg', [
      ...['-loglevel', 'error', '-y', '-i', card.png],
      ...['-vf', 'scale=1200:-2,pad=1280:960:(ow-iw)/2:(oh-ih)/2:color=white,format=yuv420p'],
      ...['-frames:v', '1', video],
    ]);
    const cam = await launchBrowser({ baseURL: station.url, stepTimeoutMs: 30_000, video });
    try {
      const { page } = cam;
      await page.goto('/verify');
      await page.getByTestId('scan').click();
      const verdict = page.getByTestId('seal-verdict');
      await verdict.waitFor({ timeout: 60_000 });
      expect(await verdict.getAttribute('data-verdict')).toBe('valid');
      expect(await page.locator('[data-field=documentNumber]').textContent()).toBe(card.job.documentNumber);
      // The camera is released once the seal is read.
      await expect.poll(() => page.locator('video').count()).toBe(0);
    } finally {
      await cam.close();
    }
  });

  it('without a session the seal is still checked, and the page says to sign in for the status', async () => {
    const ctx = await b.context.browser()!.newContext({ baseURL: station.url });
    try {
      const page = await ctx.newPage();
      await page.goto('/verify');
      await page.getByTestId('upload').setInputFiles(card.png);
      const overall = page.getByTestId('overall');
      const status = page.getByTestId('document-status');
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('sign-in');
      expect(await overall.getAttribute('data-overall')).toBe('unknownStatus');
      expect(await page.getByTestId('seal-verdict').getAttribute('data-verdict')).toBe('valid');
    } finally {
      await ctx.close();
    }
  });

  it('a photo chosen while the signer certificates are still on their way is checked once they arrive, not called unverifiable', async () => {
    const ctx = await b.context.browser()!.newContext({ baseURL: station.url });
    let release = () => {};
    try {
      const page = await ctx.newPage();
      // The certificates' answer is held (a slow link) until the photo has been chosen.
      const held = new Promise<void>((r) => (release = r));
      let answerAsked = () => {};
      const asked = new Promise<void>((r) => (answerAsked = r));
      await page.route('**/api/v1/verify/trust', async (route) => {
        answerAsked();
        await held;
        await route.continue();
      });
      await page.goto('/verify');
      await asked;
      await page.getByTestId('upload').waitFor({ state: 'attached' });
      expect(await page.getByTestId('upload').isEnabled()).toBe(true);
      await page.getByTestId('upload').setInputFiles(card.png);
      release();
      const verdict = page.getByTestId('seal-verdict');
      await verdict.waitFor({ timeout: 30_000 });
      expect(await verdict.getAttribute('data-verdict')).toBe('valid');
      expect(await page.getByTestId('verify-problem').count()).toBe(0);
    } finally {
      release();
      await ctx.close();
    }
  });
});
