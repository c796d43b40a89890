import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeSeal } from '../../gateway/document/seal/describe.js';
import { readDataMatrix } from '../../gateway/document/seal/read-datamatrix.js';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.js';
import { projectRoot, runCli, startCli, waitFor, type RunningProcess } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { buildPages, logIn, recordBlanks, startStation, type RunningStation } from '../ui/station-fixture.js';
import { fixturePerson } from '../helpers/persons.js';

/**
 * Issue 15 end to end: HQ (embedded database, real CLI) + two enrolled stations (real CLI, the
 * printer, encoder emulators) on one mosquitto. Cards issued at both are found at HQ by number
 * within 5 s; a revoke at HQ reaches both stations' status lists; the verify page in Chromium reads
 * a printed card's seal from the printer emulator's PNG and shows "valid", then "revoked".
 */
const PW = 'correct horse battery staple';
const ana = { name: 'ana', role: 'operator' as const, password: 'ana-password-1' };
const tudor = { name: 'tudor', role: 'technician' as const, password: 'tudor-password-1' };
const SITES = [
  { site: 'north', station: 'st-1', prefix: 'NA' },
  { site: 'south', station: 'st-2', prefix: 'SB' },
];

interface Station {
  ref: (typeof SITES)[number];
  station: RunningStation;
  emulator: RunningProcess;
  outDir: string;
}

/** The side the printer emulator wrote whose seal names `number` (null until its record is written). */
async function printedSeal(outDir: string, number: string): Promise<string | null> {
  for (const f of readdirSync(outDir).filter((n) => /^job-\d+\.json$/.test(n))) {
    const record = JSON.parse(readFileSync(join(outDir, f), 'utf8')) as { png?: Record<string, string> };
    for (const png of Object.values(record.png ?? {}))
      for (const seal of await readDataMatrix(readFileSync(join(outDir, png)))) {
        const mrz = describeSeal(seal).features.find((x) => x.name === 'mrz')?.value;
        if (Array.isArray(mrz) && mrz[0]?.includes(number)) return join(outDir, png);
      }
  }
  return null;
}

async function cli(args: string[]): Promise<string> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`cardgate ${args.slice(0, 3).join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/**
 * The parts of other areas this test drives, found in the sources: until they are all in, the
 * test says which are missing instead of failing on an unknown option.
 */
function missingParts(): string[] {
  const has = (file: string, text?: string) =>
    existsSync(join(projectRoot, file)) &&
    (!text || readFileSync(join(projectRoot, file), 'utf8').includes(text));
  return [
    has('gateway/handoff/handoff.ts') ? null : 'the station hand-off (gateway/handoff/handoff.ts)',
    has('gateway/hq/plugins.ts', 'ingestPlugin') ? null : "HQ's record ingest plugin (POST /api/v1/records)",
    has('gateway/hq/plugins.ts', 'enrolmentPlugin') ? null : "HQ's enrolment plugin (POST /api/v1/enrol)",
    has('gateway/cli/commands/hq.ts', "'--broker") ? null : '`cardgate hq --broker` (fleet)',
  ].filter((m): m is string => m !== null);
}
const missing = missingParts();

describeWithSystem(['chromium', 'mosquitto'], 'HQ and two enrolled stations, end to end', () => {
  vi.setConfig({ testTimeout: 180_000 });
  let broker: Mosquitto;
  let hqDir: string;
  let hq: RunningProcess;
  let hqUrl: string;
  const stations: Station[] = [];
  let b: TestBrowser;

  /** A session cookie at HQ. */
  async function hqLogin(name: string): Promise<string> {
    const r = await fetch(`${hqUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: hqUrl },
      body: JSON.stringify({ name, password: PW }),
    });
    expect(r.status).toBe(200);
    return r.headers
      .getSetCookie()
      .find((c) => c.startsWith('cardgate_session='))!
      .split(';', 1)[0]!;
  }

  /** A session cookie at a station. */
  async function stationLogin(url: string): Promise<string> {
    const r = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ name: ana.name, password: ana.password }),
    });
    expect(r.status).toBe(200);
    return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  async function issueAt(s: Station): Promise<{ documentNumber: string; doneAt: number }> {
    const dir = makeTempDir('cardgate-e2e-person-');
    const person = fixturePerson('romanian-diacritics') as unknown as Record<string, unknown>;
    for (const k of ['documentNumber', 'documentCode', 'issuingState', 'dateOfIssue', 'dateOfExpiry'])
      delete person[k];
    writeFileSync(join(dir, 'p.json'), JSON.stringify(person));
    const out = await cli([
      'issue',
      ...['--server', s.station.url, '--user', ana.name, '--password', ana.password],
      ...['--person', join(dir, 'p.json'), '--photo', join(projectRoot, 'tests/fixtures/face.jpg')],
      ...['--wait', '--poll-ms', '50'],
    ]);
    const doneAt = Date.now();
    const job = JSON.parse(out) as { status: string; documentNumber: string };
    expect(job.status).toBe('done');
    expect(job.documentNumber.startsWith(s.ref.prefix)).toBe(true);
    return { documentNumber: job.documentNumber, doneAt };
  }

  beforeAll(async () => {
    if (missing.length > 0) return;
    buildPages();
    broker = await startMosquitto();
    hqDir = makeTempDir('cardgate-e2e-hq-');
    // Admin commands work on a stopped HQ's embedded database: accounts and stations first.
    await cli([
      'hq',
      'user',
      'add',
      '--data-dir',
      hqDir,
      '--name',
      'carla',
      '--role',
      'caseworker',
      '--password',
      PW,
    ]);
    await cli([
      'hq',
      'user',
      'add',
      '--data-dir',
      hqDir,
      '--name',
      'vera',
      '--role',
      'verifier',
      '--password',
      PW,
    ]);
    const tokens = new Map<string, string>();
    for (const s of SITES) {
      const out = await cli([
        'hq',
        'station',
        'add',
        '--data-dir',
        hqDir,
        '--site',
        s.site,
        '--station',
        s.station,
      ]);
      tokens.set(s.station, out.trim().split('\n').pop()!.trim());
    }
    hq = startCli([
      'hq',
      ...['--data-dir', hqDir, '--db', 'embedded', '--port', '0', '--host', '127.0.0.1', '--http'],
      ...['--broker', broker.url],
    ]);
    [, hqUrl] = (await hq.waitForOutput(/cardgate hq: listening on (\S+)/, 90_000)) as unknown as [
      string,
      string,
    ];

    for (const ref of SITES) {
      const outDir = mkdtempSync(join(tmpdir(), `cardgate-e2e-printed-${ref.station}-`));
      const emulator = startCli(['printer-emulator', '--tcp', '0', '--out', outDir, '--panel-ms', '0']);
      const [line] = await emulator.waitForOutput(/\{"listening".*\}/, 30_000);
      const emu = JSON.parse(line) as { listening: string };
      const station = await startStation(
        {
          station: { locale: 'en', site: ref.site, id: ref.station },
          printer: { url: emu.listening, pollIntervalMs: 500 },
          encoder: { driver: 'emulator' },
          board: { enabled: false },
          issuance: { numberBlocks: [{ prefix: ref.prefix, first: 1, last: 9999, width: 7 }] },
          mqtt: { enabled: true, url: broker.url },
          handoff: { retryMinSeconds: 0.05, retryMaxSeconds: 1 },
        },
        [ana, tudor],
        async (dataDir, configFile) => {
          // `cardgate enrol` at the station: identity key, certificate, HQ's command keys.
          await cli([
            'enrol',
            ...['--data-dir', dataDir, ...(configFile ? ['--config', configFile] : [])],
            ...['--hq', hqUrl, '--token', tokens.get(ref.station)!],
          ]);
        },
      );
      await recordBlanks(station.url, tudor, 10);
      stations.push({ ref, station, emulator, outDir });
    }
    b = await launchBrowser({ baseURL: stations[0]!.station.url, stepTimeoutMs: 30_000 });
  }, 400_000);

  afterAll(async () => {
    await b?.close();
    for (const s of stations) {
      await s.station.stop();
      await s.emulator.stop();
      rmSync(s.outDir, { recursive: true, force: true });
    }
    await hq?.stop();
    await broker?.close();
  });

  it.skipIf(missing.length > 0)(
    `cards issued at both stations are found at HQ by number within 5 s; a revoke reaches both; the verify page shows valid, then revoked${
      missing.length > 0 ? ` (waiting for: ${missing.join('; ')})` : ''
    }`,
    async () => {
      const vera = await hqLogin('vera');
      const issued: { s: Station; number: string }[] = [];
      for (const s of stations) {
        const { documentNumber, doneAt } = await issueAt(s);
        // Observed, not slept: HQ is asked until it knows the number, and the time it took is measured.
        const found = await waitFor(
          async () => {
            const r = await fetch(`${hqUrl}/api/v1/documents/${documentNumber}`, {
              headers: { cookie: vera },
            });
            return r.status === 200 ? ((await r.json()) as Record<string, unknown>) : null;
          },
          { what: `${documentNumber} at HQ`, timeoutMs: 30_000, intervalMs: 50 },
        );
        const tookMs = Date.now() - doneAt;
        expect(found).toMatchObject({
          number: documentNumber,
          status: 'valid',
          site: s.ref.site,
          station: s.ref.station,
        });
        expect(tookMs, `${documentNumber} reached HQ after ${tookMs} ms`).toBeLessThan(5000);
        issued.push({ s, number: documentNumber });
      }

      // The verify page at station 1 reads its printed card: the seal verifies and the document is valid.
      const [first] = issued;
      const png = await waitFor(() => printedSeal(first!.s.outDir, first!.number), {
        what: 'the printed card',
      });
      const { page } = b;
      await logIn(page, ana.name, ana.password);
      await page.goto('/verify');
      await page.getByTestId('upload').setInputFiles(png);
      const status = page.getByTestId('document-status');
      const problem = page.getByTestId('verify-problem');
      // The page's own complaint, if it has one, is what a failure should show.
      const shown = async () =>
        (await problem.count()) > 0
          ? `problem: ${await problem.textContent()}`
          : await status.getAttribute('data-status', { timeout: 1000 }).catch(() => null);
      await expect.poll(shown, { timeout: 30_000 }).toBe('valid');
      expect(await page.getByTestId('overall').getAttribute('data-overall')).toBe('valid');
      expect(await page.getByTestId('seal-verdict').getAttribute('data-verdict')).toBe('valid');

      // A caseworker revokes it at HQ; both stations' status lists learn it over MQTT.
      const carla = await hqLogin('carla');
      const revoked = await fetch(`${hqUrl}/api/v1/documents/${first!.number}/revoke`, {
        method: 'POST',
        headers: { cookie: carla, origin: hqUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'obtained with a false declaration, case 4711' }),
      });
      expect(revoked.status).toBe(200);
      for (const s of stations) {
        const cookie = await stationLogin(s.station.url);
        const at = await waitFor(
          async () => {
            const r = await fetch(`${s.station.url}/api/v1/verify/status/${first!.number}`, {
              headers: { cookie },
            });
            const body = (await r.json()) as { status: string };
            return body.status === 'revoked' ? body : null;
          },
          { what: `the revocation at ${s.ref.station}`, timeoutMs: 30_000, intervalMs: 100 },
        );
        expect(at).toMatchObject({ number: first!.number, status: 'revoked', source: 'station' });
      }
      // The other station's own card is untouched.
      const other = await stationLogin(stations[1]!.station.url);
      const second = await fetch(`${stations[1]!.station.url}/api/v1/verify/status/${issued[1]!.number}`, {
        headers: { cookie: other },
      });
      expect(((await second.json()) as { status: string }).status).toBe('valid');

      await page.getByTestId('recheck').click();
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 20_000 }).toBe('revoked');
      expect(await page.getByTestId('overall').getAttribute('data-overall')).toBe('revoked');
      expect(await page.getByTestId('overall').textContent()).toBe('Revoked');
    },
  );
});
