import { afterAll, beforeAll, expect, it } from 'vitest';
import { FleetStore } from '../../gateway/hq/fleet/fleet-store.js';
import { checkMessage } from '../../gateway/hq/fleet/message.js';
import { launchBrowser, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { embeddedTestDatabases } from '../helpers/hq-databases.js';
import { startTestHq, type TestHq } from '../helpers/hq.js';
import { describeWithSystem } from '../helpers/system.js';
import { buildPages } from '../ui/station-fixture.js';
import { device, health, job, station } from './fleet-messages.js';

const PW = 'correct horse battery staple';
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The fleet as the stations' own telemetry code reports it (the real contract through HQ's
 * ingest check and store): 120 fine stations over 12 sites, one offline, one with a printer fault
 * that issued 3 cards and voided 1 today and 2 yesterday.
 */
async function seed(hq: TestHq, now: number): Promise<void> {
  const store = new FleetStore(hq.ctx.db);
  const apply = async (m: { topic: string; raw: Buffer }) => {
    const c = checkMessage('cardgate', m.topic, m.raw);
    if (!c.ok) throw new Error(c.detail);
    await store.apply(c.message, new Date(now));
  };
  const boot = { version: '1.4.0', bootTime: iso(now - DAY) };
  const counters = (today: number) => ({
    totals: { issued: 10, spoiled: 0, voided: 0, byKind: {} },
    today: { date: iso(now).slice(0, 10), issued: today, spoiled: 0, voided: 0 },
    stock: { loaded: 200, inFeeder: 150, good: 0, spoiled: 0 },
    numbers: { remaining: 900 },
  });
  for (let i = 1; i <= 120; i++) {
    const s = station(
      `site-${String(Math.ceil(i / 10)).padStart(2, '0')}`,
      `st-${String(i).padStart(3, '0')}`,
    );
    s.at(iso(now - 60_000));
    await apply(s.msg('status', { state: 'online', ...boot }));
    await apply(s.msg('counters', counters(0)));
  }
  const down = station('site-b', 'down-1');
  down.at(iso(now - 3_600_000));
  await apply(down.msg('status', { state: 'offline', ...boot, reason: 'will' }));

  const f = station('site-a', 'st-fault');
  f.at(iso(now - DAY));
  await apply(f.msg('status', { state: 'online', ...boot }));
  await apply(f.msg('events', job('y1')));
  await apply(f.msg('events', job('y2')));
  f.at(iso(now - 7_200_000));
  await apply(f.msg('health', health([device('printer-1', 'online')])));
  for (const j of ['t1', 't2', 't3']) await apply(f.msg('events', job(j)));
  await apply(f.msg('events', job('t4', 'voided')));
  f.at(iso(now - 1_800_000));
  await apply(
    f.msg('health', {
      ...health([device('printer-1', 'fault', 'RIBBON_ENDED')]),
      lines: [
        {
          line: 'line-1',
          state: 'fault',
          code: 'RIBBON_ENDED',
          stage: null,
          inFeeder: 40,
          ribbonRemaining: 0,
        },
        { line: 'line-2', state: 'busy', code: null, stage: 'encoding', inFeeder: 12, ribbonRemaining: 180 },
      ],
    }),
  );
  await apply(f.msg('counters', counters(3)));
}

describeWithSystem(['chromium'], 'HQ fleet pages (Chromium)', () => {
  const open = embeddedTestDatabases();
  let browser: TestBrowser | undefined;
  beforeAll(() => buildPages(), 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('show the fleet worst first, paged and filtered by HQ, a station with devices, incidents and daily counts, a site with totals and the CSV, in Romanian and English', async () => {
    const hq = await startTestHq(await open());
    try {
      const now = Date.now();
      await seed(hq, now);
      await hq.ctx.accounts.add({ name: 'sam', role: 'supervisor', password: PW });
      browser = await launchBrowser({ baseURL: hq.url, locale: 'en-GB' });
      const page = browser.page;
      await page.goto('/');
      await page.getByLabel('Nume utilizator').fill('sam');
      await page.getByLabel('Parolă').fill(PW);
      await page.getByRole('button', { name: 'Intră' }).click();
      await page.getByTestId('hq-home').waitFor();
      const nav = page.getByRole('navigation', { name: 'Pagini' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Acasă', 'Flota']);
      await nav.getByRole('link', { name: 'Flota' }).click();
      const count = page.getByTestId('fleet-count');
      await expect.poll(() => count.textContent()).toBe('Stațiile 1–50 din 122');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByTestId('language').selectOption('en');
      const rows = page.locator('[data-testid=fleet-table] tbody tr');
      expect(await rows.nth(0).getAttribute('data-station')).toBe('site-b/down-1');
      expect(await rows.nth(0).locator('.badge').textContent()).toBe('Offline');
      expect(await rows.nth(1).getAttribute('data-station')).toBe('site-a/st-fault');
      expect(await rows.nth(1).locator('.badge').textContent()).toBe('Device fault');
      expect(await rows.count()).toBe(50);
      await page.getByRole('button', { name: 'Next' }).click();
      await expect.poll(() => count.textContent()).toBe('Stations 51–100 of 122');
      await page.getByLabel('Only stations with a problem').check();
      await expect.poll(() => count.textContent()).toBe('Stations 1–2 of 2');
      await page.getByLabel('Only stations with a problem').uncheck();
      await page.getByLabel('Search site, station or name').fill('site-12');
      await expect.poll(() => count.textContent()).toBe('Stations 1–10 of 10');
      await page.getByLabel('Connection').selectOption('offline');
      await expect.poll(() => count.textContent()).toBe('No station matches.');
      await page.getByLabel('Search site, station or name').fill('');
      await expect.poll(() => count.textContent()).toBe('Stations 1–1 of 1');

      // The station page.
      await page.goto('/fleet/site-a/st-fault');
      await page.getByTestId('fleet-station').waitFor();
      await page.getByTestId('fleet-devices').waitFor();
      const printer = page.locator('[data-device="printer-1"]');
      expect(await printer.getAttribute('data-state')).toBe('fault');
      const incidents = page.getByTestId('fleet-incidents').locator('li');
      expect(await incidents.count()).toBe(1);
      expect(await incidents.first().getAttribute('data-open')).toBe('true');
      expect(await incidents.first().textContent()).toMatch(
        /^printer-1: .*ribbon.* still open, 3\d min so far$/i,
      );
      // Its print lines, as the station last named them.
      const lines = page.getByTestId('fleet-lines');
      expect(await lines.locator('[data-line=line-1] td').allTextContents()).toEqual([
        'Fault',
        expect.stringMatching(/ribbon/i),
        '—',
        '40',
        '0',
      ]);
      expect(await lines.locator('[data-line=line-2] td').allTextContents()).toEqual([
        'Working',
        '—',
        'writing the chip',
        '12',
        '180',
      ]);
      const days = page.locator('[data-testid=days-table] tbody tr');
      expect(await days.count()).toBe(2);
      const today = iso(now).slice(0, 10);
      const yesterday = iso(now - DAY).slice(0, 10);
      expect(await days.nth(0).getAttribute('data-day')).toBe(today);
      expect(await days.nth(0).locator('td').allTextContents()).toEqual(['3', '1', '0', '0']);
      expect(await days.nth(1).locator('td').allTextContents()).toEqual(['2', '0', '0', '0']);
      // uPlot drew the chart (a canvas inside the labelled figure).
      expect(
        await page
          .getByRole('img', { name: /Chart of cards issued/ })
          .locator('canvas')
          .count(),
      ).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByTestId('language').selectOption('ro');
      await page.getByRole('heading', { name: 'Dispozitive' }).waitFor();
      await page.getByRole('heading', { name: 'Incidente' }).waitFor();

      // The site page, through its link; its CSV downloads with the session.
      await page.getByRole('link', { name: 'Sediul site-a' }).click();
      await page.getByTestId('fleet-site').waitFor();
      const siteDays = page.locator('[data-testid=fleet-site] [data-testid=days-table] tbody tr');
      await expect.poll(() => siteDays.count()).toBe(2);
      expect(await siteDays.nth(0).locator('td').allTextContents()).toEqual(['1', '3', '1', '0', '0']);
      await expect.poll(() => page.locator('[data-testid=fleet-table] tbody tr').count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      const href = await page.getByTestId('site-csv').getAttribute('href');
      const csv = await page.request.get(href!);
      expect(csv.status()).toBe(200);
      expect((await csv.text()).trim().split('\n')).toEqual([
        'day,site,stations,issued,voided,failed,cancelled',
        `${yesterday},site-a,1,2,0,0,0`,
        `${today},site-a,1,3,1,0,0`,
      ]);
    } finally {
      await hq.stop();
    }
  }, 240_000);
});
