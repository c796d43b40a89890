import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { describeWithSystem } from '../helpers/system.js';
import { projectRoot, waitFor } from '../helpers/processes.js';
import {
  buildPages,
  expectNoSeriousViolations,
  expectUserWords,
  apiSession,
  logIn,
  startStation,
  type RunningStation,
} from '../ui/station-fixture.js';

const USERS = [
  { name: 'tudor', role: 'technician', password: 'tudor-password-1' },
  { name: 'ana', role: 'operator', password: 'ana-password-1' },
] as const;

/**
 * The technician page on a real station with three print lines: two emulated, the third bound to
 * a PC/SC reader that is not there. One panel per line, in the user's words, with the missing
 * reader named; a line taken out of service and put back from the page; a card made on line 1
 * shows in that line's panel.
 */
describeWithSystem(['chromium'], "the technician's print-line panels", () => {
  vi.setConfig({ testTimeout: 90_000 });
  let station: RunningStation;
  let b: TestBrowser;

  beforeAll(async () => {
    buildPages();
    station = await startStation(
      {
        station: { locale: 'en' },
        mqtt: { enabled: false },
        board: { enabled: false },
        printer: { emulator: { panelMs: 0 } },
        encoder: { driver: 'emulator' },
        lines: [
          {
            id: 'line-1',
            name: 'Window printer',
            printer: { emulated: true },
            encoder: { reader: 'SN-0001' },
          },
          { id: 'line-2', name: 'Door printer', printer: { emulated: true }, encoder: { reader: 'SN-0002' } },
          // A real PC/SC encoder whose reader is not plugged in (no such reader on this machine).
          {
            id: 'line-3',
            name: 'Back printer',
            printer: { emulated: true },
            encoder: { emulated: false, reader: 'SN-0003-NOT-HERE' },
          },
        ],
      },
      [...USERS],
    );
    b = await launchBrowser({ baseURL: station.url, locale: 'en' });
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await station?.stop();
  });

  const panel = (id: string) => b.page.locator(`section#line-${id}`);

  it('shows one panel per line, the missing reader by name, and takes a line out of service and back', async () => {
    const { page } = b;
    await logIn(page, 'tudor', USERS[0].password);
    await page.goto('/diagnostics');
    await page.locator('button[data-tab=lines]').click();
    for (const id of ['line-1', 'line-2', 'line-3']) await panel(id).waitFor();
    await panel('line-1').getByTestId('line-state').filter({ hasText: 'Idle' }).waitFor();
    await panel('line-3').getByTestId('line-state').filter({ hasText: 'Device missing' }).waitFor();
    await panel('line-3')
      .getByRole('alert')
      .filter({ hasText: 'Missing reader: SN-0003-NOT-HERE' })
      .waitFor();
    expect(await panel('line-3').textContent()).toContain('The chip reader of this line is missing');
    expect(await panel('line-3').textContent()).toContain('(LINE_READER_MISSING)');
    expect(await panel('line-1').textContent()).toContain('SN-0001');
    await expectUserWords(page, 'technician lines');
    expectNoSeriousViolations(await seriousAxeViolations(page), 'technician lines');
    await screenshot(page, 'technician-lines');

    await panel('line-2').getByLabel('Reason for taking it out').fill('cleaning the print head');
    await panel('line-2').getByRole('button', { name: 'Take out of service' }).click();
    await panel('line-2').getByTestId('line-state').filter({ hasText: 'Out of service' }).waitFor();
    expect(await panel('line-2').textContent()).toContain('cleaning the print head');
    const tech = await apiSession(station.url, 'tudor', USERS[0].password);
    const line2 = await tech('GET', '/lines/line-2');
    expect(line2.body).toMatchObject({ state: 'out-of-service', reason: { code: 'LINE_OUT_OF_SERVICE' } });

    await panel('line-2').getByRole('button', { name: 'Put back in service' }).click();
    await panel('line-2').getByTestId('line-state').filter({ hasText: 'Idle' }).waitFor();
    expect((await tech('GET', '/lines/line-2')).body).toMatchObject({ state: 'idle', reason: null });
  });

  it("a card made on line 1 counts in line 1's panel, live", async () => {
    const tech = await apiSession(station.url, 'tudor', USERS[0].password);
    expect((await tech('POST', '/stock/load', { count: 5, line: 'line-1' })).status).toBe(200);
    const blanks = ((await tech('GET', '/lines/line-1')).body.stock as { inFeeder: number }).inFeeder;
    expect(blanks).toBeGreaterThanOrEqual(5);
    const op = await apiSession(station.url, 'ana', USERS[1].password);
    const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg')).toString('base64');
    const created = await op('POST', '/issuances', {
      kind: 'new',
      line: 'line-1',
      photo,
      person: {
        surname: 'Lines',
        givenNames: 'Ana',
        sex: 'F',
        dateOfBirth: '1990-05-17',
        nationality: 'MDA',
        identityDeclared: false,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const done = await waitFor(
      async () => {
        const j = await op('GET', `/issuances/${id}`);
        return ['done', 'failed', 'needs-operator'].includes(j.body.status as string) ? j.body : null;
      },
      { timeoutMs: 60_000, what: `job ${id} at rest` },
    );
    expect(done.status).toBe('done');
    // The page was not reloaded: the job event brought the new counts.
    await panel('line-1').locator('dd').filter({ hasText: '1 / 0' }).waitFor();
    await panel('line-1')
      .locator('dd')
      .filter({ hasText: new RegExp(`^${blanks - 1}$`) })
      .first()
      .waitFor();
    expect(await panel('line-2').locator('dd').filter({ hasText: '0 / 0' }).count()).toBe(1);
  });
});
