import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { launchBrowser, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  buildPages,
  expectNoSeriousViolations,
  expectUserWords,
  apiSession,
  logIn,
  startStation,
  type RunningStation,
} from './station-fixture.js';

const USERS = [
  { name: 'ana', role: 'operator', password: 'ana-password-1' },
  { name: 'ion', role: 'operator', password: 'ion-password-1' },
  { name: 'tudor', role: 'technician', password: 'tudor-password-1' },
] as const;

/** The technician's part and the final check of the books: every call must succeed. */
async function session(url: string, name: string, password: string) {
  const api = await apiSession(url, name, password);
  return async (method: string, path: string, body?: unknown) => {
    const r = await api(method, path, body);
    expect(r.status, `${method} ${path}`).toBeLessThan(300);
    return r.body;
  };
}

async function registerPerson(page: Page, surname: string, day: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Surname', exact: true }).fill(surname);
  await page.getByRole('textbox', { name: 'Given names', exact: true }).fill('Maria');
  await page.getByRole('combobox', { name: 'Sex' }).selectOption('F');
  await page.getByRole('combobox', { name: 'Nationality (3 letters)' }).fill('UKR');
  await page.getByRole('textbox', { name: 'Year' }).fill('1988');
  await page.getByRole('combobox', { name: 'Month' }).selectOption('03');
  await page.getByRole('combobox', { name: 'Day' }).selectOption(day);
  await page.getByRole('button', { name: 'Take photo with the webcam' }).click();
  await page.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0);
  await page.getByRole('button', { name: 'Capture' }).click();
  await page.getByRole('slider', { name: 'Zoom' }).waitFor();
  await page.getByRole('button', { name: 'Use this photo' }).click();
  await page.getByTestId('photo-thumb').waitFor();
  await page.getByTestId('issue').click();
}

const myCard = (page: Page, surname: string) =>
  page.getByTestId('my-cards').locator('li').filter({ hasText: surname });

/**
 * Two desks (two browsers, two operators) issue at once on a station with two print lines. The
 * lines start out of service, so each card waits in the queue while its desk registers the next
 * person (no race with the printers); then the lines go back and every card is made once, each
 * desk seeing only its own cards and which printer to collect each from.
 */
describeWithSystem(['chromium'], 'two desks issuing at once', () => {
  vi.setConfig({ testTimeout: 180_000 });
  let station: RunningStation;
  const browsers: TestBrowser[] = [];

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
          { id: 'line-1', name: 'Line 1', printer: { emulated: true }, encoder: { reader: 'SN-0001' } },
          { id: 'line-2', name: 'Line 2', printer: { emulated: true }, encoder: { reader: 'SN-0002' } },
        ],
      },
      [...USERS],
    );
    for (let i = 0; i < 2; i++)
      browsers.push(await launchBrowser({ baseURL: station.url, locale: 'en', stepTimeoutMs: 20_000 }));
  }, 240_000);
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await station?.stop();
  });

  it('each desk registers two people while its cards wait; every card is made once; each desk sees only its own', async () => {
    const tech = await session(station.url, 'tudor', USERS[2].password);
    for (const l of ['line-1', 'line-2'])
      await tech('POST', `/lines/${l}/service`, { inService: false, reason: 'morning check' });

    const desks = [
      { page: browsers[0]!.page, user: USERS[0], people: ['Kovalenko', 'Bondarenko'] },
      { page: browsers[1]!.page, user: USERS[1], people: ['Tkachenko', 'Shevchuk'] },
    ];
    await Promise.all(desks.map((d) => logIn(d.page, d.user.name, d.user.password)));
    await Promise.all(desks.map((d) => d.page.goto('/issue')));

    // Both desks at the same time: register, Issue, and go on to the next person while it waits.
    await Promise.all(
      desks.map(async (d) => {
        for (const [i, surname] of d.people.entries()) {
          await registerPerson(d.page, surname, String(10 + i));
          await myCard(d.page, surname).filter({ hasText: 'Waiting for a printer' }).waitFor();
          await d.page.getByTestId('next-now').click();
          await d.page.getByRole('textbox', { name: 'Surname', exact: true }).waitFor();
          expect(await d.page.getByRole('textbox', { name: 'Surname', exact: true }).inputValue()).toBe('');
        }
      }),
    );
    for (const d of desks) {
      await expectUserWords(d.page, `desk of ${d.user.name}`);
      expectNoSeriousViolations(await seriousAxeViolations(d.page), `desk of ${d.user.name}`);
    }

    for (const l of ['line-1', 'line-2']) await tech('POST', `/lines/${l}/service`, { inService: true });

    for (const d of desks) {
      for (const surname of d.people)
        await myCard(d.page, surname)
          .filter({ hasText: /Ready: collect it from Line [12]/ })
          .waitFor();
      // Only this desk's people: the other desk's are never listed here.
      expect(await d.page.getByTestId('my-cards').locator('li').count()).toBe(2);
      const others = desks.filter((o) => o !== d).flatMap((o) => o.people);
      const text = (await d.page.getByTestId('my-cards').textContent()) ?? '';
      for (const o of others) expect(text).not.toContain(o);
    }

    // The books: four jobs, each done once with its own number, made on the line the desk names.
    const all = (await tech('GET', '/issuances?date=today&pageSize=100')) as {
      items: {
        id: string;
        status: string;
        documentNumber: string;
        attempts: number;
        desk: string;
        line: string;
      }[];
    };
    expect(all.items).toHaveLength(4);
    expect(all.items.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
    expect(new Set(all.items.map((j) => j.documentNumber)).size).toBe(4);
    expect(new Set(all.items.map((j) => j.desk)).size).toBe(2);
    const lines = (await tech('GET', '/lines')) as { items: { throughput: { issued: number } }[] };
    expect(lines.items.reduce((n, l) => n + l.throughput.issued, 0)).toBe(4);
  });
});
