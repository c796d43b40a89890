/**
 * End-to-end issuing through the pages on the full station (`cardgate start` with the printer
 * emulator over TCP, the encoder emulator, issuance, document rendering, a camera emulator) in
 * Chromium with the fake webcam fed with the project's test face.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeSeal } from '../../gateway/document/seal/describe.js';
import { readDataMatrix } from '../../gateway/document/seal/read-datamatrix.js';
import { launchBrowser, screenshot, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { startCli, waitFor, type RunningProcess } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  apiStatus,
  buildPages,
  expectNoSeriousViolations,
  logIn,
  logOut,
  recordBlanks,
  startStation,
  type RunningStation,
} from './station-fixture.js';

interface Person {
  surname: string;
  givenNames: string;
  sex: 'F' | 'M';
  nationality: string;
  year: string;
  month: string;
  day: string;
}

async function fillPerson(page: Page, p: Person): Promise<void> {
  await page.getByRole('textbox', { name: 'Surname', exact: true }).fill(p.surname);
  await page.getByRole('textbox', { name: 'Given names', exact: true }).fill(p.givenNames);
  await page.getByRole('combobox', { name: 'Sex' }).selectOption(p.sex);
  await page.getByRole('combobox', { name: 'Nationality (3 letters)' }).fill(p.nationality);
  await page.getByRole('textbox', { name: 'Year' }).fill(p.year);
  await page.getByRole('combobox', { name: 'Month' }).selectOption(p.month);
  await page.getByRole('combobox', { name: 'Day' }).selectOption(p.day);
}

/** Photo from the fake webcam (the project's test face), captured and cropped on the page. */
async function takeWebcamPhoto(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Take photo with the webcam' }).click();
  await page.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0);
  await page.getByRole('button', { name: 'Capture' }).click();
  await page.getByRole('slider', { name: 'Zoom' }).waitFor();
  await page.getByRole('button', { name: 'Use this photo' }).click();
  await page.getByTestId('photo-thumb').waitFor();
}

const progress = (page: Page, status: string) =>
  page.locator(`[data-testid=progress][data-status="${status}"]`);

function printedJobs(outDir: string): { file: string; record: Record<string, unknown> }[] {
  let names: string[] = [];
  try {
    names = readdirSync(outDir)
      .filter((f) => /^job-\d+\.json$/.test(f))
      .sort();
  } catch {
    return [];
  }
  return names.map((file) => ({ file, record: JSON.parse(readFileSync(join(outDir, file), 'utf8')) }));
}

/** The MRZ printed on the card, read back from the seal's DataMatrix in the emulator's PNGs. */
async function printedMrz(outDir: string, record: Record<string, unknown>): Promise<string[]> {
  const pngs = Object.values((record.png ?? {}) as Record<string, string>);
  for (const png of pngs) {
    for (const bytes of await readDataMatrix(readFileSync(join(outDir, png)))) {
      const mrz = describeSeal(bytes).features.find((f) => f.name === 'mrz');
      if (Array.isArray(mrz?.value)) return mrz.value;
    }
  }
  throw new Error(`no seal with an MRZ in ${pngs.join(', ')}`);
}

describeWithSystem(['chromium'], 'issuing a card through the pages on the full station', () => {
  vi.setConfig({ testTimeout: 120_000 });
  let emulator: RunningProcess;
  let camera: RunningProcess;
  let cameraUrl: string;
  let control: string;
  let outDir: string;
  let station: RunningStation;
  let b: TestBrowser;

  beforeAll(async () => {
    buildPages();
    outDir = mkdtempSync(join(tmpdir(), 'cardgate-ui-printed-'));
    emulator = startCli([
      'printer-emulator',
      '--tcp',
      '0',
      '--control-port',
      '0',
      '--out',
      outDir,
      // Slow panels (1.5 s each, a side has several): the cover is opened the moment the page
      // shows "Printing", and the card cannot finish before the fault arrives. When the emulator
      // can schedule a fault at a panel (helper printer), schedule it there instead.
      '--panel-ms',
      '1500',
    ]);
    const [line] = await emulator.waitForOutput(/\{"listening".*\}/, 30_000);
    const emu = JSON.parse(line) as { listening: string; control: string };
    control = emu.control;
    camera = startCli(['camera-emulator', '--port', '0', '--picture', 'tests/fixtures/face.jpg']);
    [, cameraUrl] = (await camera.waitForOutput(/snapshot (http\S+)/, 30_000)) as unknown as [string, string];
    station = await startStation(
      {
        station: { locale: 'en' },
        printer: { url: emu.listening, pollIntervalMs: 500 },
        encoder: { driver: 'emulator' },
        mqtt: { enabled: false },
        board: { enabled: false },
        cameras: [{ id: 'desk', kind: 'emulator', url: cameraUrl }],
      },
      [
        { name: 'ana', role: 'operator', password: 'ana-password-1' },
        { name: 'tudor', role: 'technician', password: 'tudor-password-1' },
      ],
    );
    await recordBlanks(station.url, { name: 'tudor', role: 'technician', password: 'tudor-password-1' }, 100);
    b = await launchBrowser({ baseURL: station.url, stepTimeoutMs: 20_000 });
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await station?.stop();
    await emulator?.stop();
    await camera?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('operator issues a card with the webcam photo; progress to done; listed today; the printed MRZ matches the form', async () => {
    const { page } = b;
    await logIn(page, 'ana', 'ana-password-1');
    await page.locator('h1', { hasText: 'Issue a card' }).waitFor();
    const person: Person = {
      surname: 'Popescu',
      givenNames: 'Ana Maria',
      sex: 'F',
      nationality: 'MDA',
      year: '1990',
      month: '05',
      day: '17',
    };
    await fillPerson(page, person);
    await takeWebcamPhoto(page);
    const preview = (await page.getByTestId('mrz').textContent())!.split('\n');
    expect(preview[2]).toMatch(/^POPESCU<<ANA<MARIA<*$/);

    await page.getByRole('button', { name: 'Preview card' }).click();
    await page.getByRole('img', { name: 'Front side' }).waitFor();
    await page.getByRole('img', { name: 'Back side' }).waitFor();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'issue form filled, with preview');
    await screenshot(page, 'issue-form');

    const before = printedJobs(outDir).length;
    await page.getByTestId('issue').click();
    await progress(page, 'printing').or(progress(page, 'done')).waitFor({ timeout: 60_000 });
    await progress(page, 'done').waitFor({ timeout: 90_000 });
    const status = await page.getByTestId('progress-status').textContent();
    const number = /Document number (\S+?)\.?$/.exec(status ?? '')?.[1];
    expect(number).toMatch(/^[A-Z0-9]+$/);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'issue done');
    await screenshot(page, 'issue-done');

    const row = page.getByTestId('today').locator('tr', { hasText: number! });
    await row.waitFor();
    expect(await row.textContent()).toContain('Popescu');

    const jobs = await waitFor(() => (printedJobs(outDir).length > before ? printedJobs(outDir) : null), {
      timeoutMs: 20_000,
      what: 'the emulator job record',
    });
    const job = jobs[jobs.length - 1]!;
    const mrz = await printedMrz(outDir, job.record);
    expect(mrz).toHaveLength(3);
    expect(mrz[0]).toContain(number!.slice(0, 9));
    expect(mrz[1]!.slice(0, 6)).toBe('900517');
    expect(mrz[1]![7]).toBe('F');
    expect(mrz[1]!.slice(15, 18)).toBe('MDA');
    expect(mrz[2]).toBe(preview[2]);
    // Every position the page could know before issuing matches the printed card.
    for (let i = 0; i < 30; i++)
      if (preview[1]![i] !== '·') expect(mrz[1]![i], `line 2 position ${i}`).toBe(preview[1]![i]);
  });

  it('keyboard only: a printer fault during printing tells the operator what to do, and printing resumes', async () => {
    const { page } = b;
    // This card is made with the keyboard only: Next person → fields in order → photo → Issue.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Next person');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'f-surname');
    const kb = page.keyboard;
    await kb.type('Rahimi');
    await kb.press('Tab');
    await kb.type('Farid');
    await kb.press('Tab'); // Latin surname
    await kb.press('Tab'); // Latin given names
    await kb.press('Tab');
    await kb.type('M'); // sex: type-ahead in the select
    await kb.press('Tab');
    await kb.type('AFG');
    await kb.press('Tab'); // personal code
    await kb.press('Tab');
    await kb.type('1985');
    await kb.press('Tab');
    await kb.type('11');
    await kb.press('Tab');
    await kb.type('02');
    for (let i = 0; i < 3; i++) await kb.press('Tab'); // residence, identity declared, webcam
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Take photo with the webcam');
    await kb.press('Enter');
    await page.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Capture');
    await kb.press('Enter');
    await page.getByRole('slider', { name: 'Zoom' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Use this photo');
    await kb.press('Enter');
    await page.getByTestId('photo-thumb').waitFor();
    expect(await page.getByRole('combobox', { name: 'Sex' }).inputValue()).toBe('M');
    expect(await page.getByRole('combobox', { name: 'Month' }).inputValue()).toBe('11');
    expect(await page.getByRole('combobox', { name: 'Day' }).inputValue()).toBe('02');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('issue');
    await kb.press('Enter');
    await page
      .locator('[data-testid=progress] li[aria-current=step]', { hasText: 'Printing' })
      .waitFor({ timeout: 60_000 });
    const inject = await fetch(`${control}/faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: 'cover-open' }),
    });
    expect(inject.status).toBe(200);

    const fault = page.locator('[data-testid=fault][data-code=COVER_OPEN]');
    await fault.waitFor({ timeout: 30_000 });
    expect(await fault.textContent()).toContain('The printer cover is open.');
    expect(await fault.textContent()).toContain('Close the printer cover');
    // The box says what became of the half-printed card, from the job record.
    expect(await page.getByTestId('card-fate').textContent()).toMatch(/printer|reject box|output tray/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('fault');
    expectNoSeriousViolations(await seriousAxeViolations(page), 'printer fault');
    await screenshot(page, 'issue-fault');

    // Resume before the cover is closed: refused in the fault box (409, never an internal error
    // under the photo), and no blank leaves the feeder.
    const feederBefore = ((await (await fetch(`${control}/state`)).json()) as { feederCards: number })
      .feederCards;
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Resume printing');
    await page.keyboard.press('Enter');
    await fault.getByText('The printer cannot take a card yet').waitFor({ timeout: 30_000 });
    expect(await page.locator('body').textContent()).not.toMatch(/internal error/i);
    expect(((await (await fetch(`${control}/state`)).json()) as { feederCards: number }).feederCards).toBe(
      feederBefore,
    );

    expect(
      (await fetch(`${control}/clear`, { method: 'POST', body: JSON.stringify({ cover: true }) })).status,
    ).toBe(200);
    // Keyboard only: back to the fault box; Tab reaches "Resume printing".
    await fault.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Resume printing');
    await page.keyboard.press('Enter');
    await progress(page, 'done').waitFor({ timeout: 90_000 });
    await logOut(page);
  });

  it('operator takes the photo with the station camera instead: checks shown, photo used', async () => {
    const { page } = b;
    await logIn(page, 'ana', 'ana-password-1');
    await page.getByRole('button', { name: 'Take photo with the station camera' }).click();
    await page.getByText('All camera checks passed.').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Use this photo' }).click();
    await page.getByTestId('photo-thumb').waitFor();
    const size = await page
      .getByTestId('photo-thumb')
      .evaluate((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]);
    expect(size).toEqual([413, 531]);
    await logOut(page);
  });

  it('operator cannot reach the technician page or the raw console, in the page or the API', async () => {
    const { page } = b;
    await logIn(page, 'ana', 'ana-password-1');
    await page.goto('/diagnostics');
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByText('Raw command console').count()).toBe(0);
    const { items } = await page.evaluate(
      async () =>
        (await (await fetch('/api/v1/devices')).json()) as { items: { id: string; class: string }[] },
    );
    const printer = items.find((d) => d.class === 'printer');
    expect(printer).toBeDefined();
    expect(await apiStatus(page, 'POST', `/printers/${printer!.id}/raw`, { command: 'Rfv' })).toBe(403);
    expect(await apiStatus(page, 'POST', `/printers/${printer!.id}/actions/test-card`)).toBe(403);

    // Today's list: void a card with a reason; re-issue pre-fills the form from the record.
    await page.goto('/issue');
    const rahimi = page.getByTestId('today').locator('tr', { hasText: 'Rahimi' });
    await rahimi.getByRole('button', { name: /^Void/ }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Reason' }).fill('misprinted photo');
    await page.getByRole('dialog').getByRole('button', { name: 'Void the card' }).click();
    await rahimi.getByText('Voided').waitFor();
    await page
      .getByTestId('today')
      .locator('tr', { hasText: 'Popescu' })
      .getByRole('button', { name: /^Re-issue/ })
      .click();
    await page.locator('h1', { hasText: 'Re-issue a card' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Surname', exact: true }).inputValue()).toBe('Popescu');
    expect(await page.getByRole('textbox', { name: 'Given names', exact: true }).inputValue()).toBe(
      'Ana Maria',
    );
    expect(await page.getByRole('combobox', { name: 'Month' }).inputValue()).toBe('05');
    await logOut(page);
  });

  it('technician prints a test card and runs a cleaning cycle from diagnostics', async () => {
    const { page } = b;
    await logIn(page, 'tudor', 'tudor-password-1');
    await page.locator('h1', { hasText: 'Station diagnostics' }).waitFor();
    await page.getByTestId('devices').locator('tr', { hasText: 'printer' }).first().waitFor();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'diagnostics devices');
    await screenshot(page, 'diagnostics-devices');

    await page.locator('button[data-tab=printer]').click();
    await page.getByRole('heading', { name: 'Raw command console' }).waitFor();
    // The emulator's own counters say what the printer really did.
    const state = async () =>
      (await (await fetch(`${control}/state`)).json()) as {
        counters: { cards: number };
        cardsSinceCleaning: number;
      };
    const before = await state();
    expect(before.cardsSinceCleaning).toBeGreaterThan(0);
    await page.locator('button[data-action=test-card]').click();
    await page
      .getByTestId('action-result')
      .filter({ hasText: 'Done: Print a test card.' })
      .waitFor({ timeout: 60_000 });
    expect((await state()).counters.cards).toBe(before.counters.cards + 1);

    await page.locator('button[data-action=clean]').click();
    await page
      .getByTestId('action-result')
      .filter({ hasText: 'Done: Run a cleaning cycle.' })
      .waitFor({ timeout: 60_000 });
    expect((await state()).cardsSinceCleaning).toBe(0);

    // The raw console answers, and the command is audited by the gateway with who sent it.
    await page.getByRole('textbox', { name: 'Command' }).fill('Rfv');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('raw-log').filter({ hasText: '> Rfv' }).waitFor();
    const trail = await page.evaluate(
      async () =>
        (await (await fetch('/api/v1/audit?from=1&limit=1000')).json()) as {
          items: { actor: string; action: string; details?: Record<string, unknown> }[];
        },
    );
    expect(trail.items.filter((e) => e.action === 'printer.raw')).toEqual([
      expect.objectContaining({ actor: 'tudor', details: expect.objectContaining({ command: 'Rfv' }) }),
    ]);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'diagnostics printer');
    await screenshot(page, 'diagnostics-printer');
    await logOut(page);
  });
});
