/**
 * A station in training mode, in Chromium: every page kind (operator, technician, the trainer's
 * drills, and the applicant kiosk pages) shows the TRAINING banner, in Romanian and English; the
 * trainer schedules a drill on the drills page, a trainee's card meets it, and the page shows the
 * trainee's card with the fault met; axe finds no serious violation on any of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { launchBrowser, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { projectRoot, waitFor } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  buildPages,
  expectNoSeriousViolations,
  expectUserWords,
  logIn,
  logOut,
  startStation,
  type RunningStation,
} from './station-fixture.js';
import { requestPerson } from '../helpers/persons.js';

const TRAINER = { name: 'trainer', role: 'admin', password: 'trainer-password-1' } as const;
const TRAINEE = { name: 'ioana', role: 'operator', password: 'ioana-password-1' } as const;
const TECH = { name: 'tudor', role: 'technician', password: 'tudor-password-1' } as const;

const BANNER = {
  en: 'TRAINING — cards made here are not valid.',
  ro: 'INSTRUIRE — cardurile făcute aici nu sunt valabile.',
};

describeWithSystem(['chromium'], 'the pages of a training station', () => {
  vi.setConfig({ testTimeout: 120_000 });
  let station: RunningStation;
  let b: TestBrowser;

  beforeAll(async () => {
    buildPages();
    station = await startStation(
      {
        station: { training: true, locale: 'en' },
        printer: { emulator: { panelMs: 0 } },
        encoder: { driver: 'emulator' },
        mqtt: { enabled: false },
      },
      [TRAINER, TRAINEE, TECH],
    );
    b = await launchBrowser({ baseURL: station.url, stepTimeoutMs: 20_000 });
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await station?.stop();
  });

  const bannerText = async () =>
    (await b.page.getByTestId('training-banner').textContent())?.replace(/\s+/g, ' ').trim();

  for (const lang of ['en', 'ro'] as const) {
    it(`${lang}: the banner on the operator, technician and trainer pages`, async () => {
      const { page } = b;
      await page.goto('/login');
      await page.evaluate((l) => localStorage.setItem('cardgate.locale', l), lang);
      await page.reload();
      await page.locator(`html[lang=${lang}][data-mode=training]`).waitFor();
      expect(await bannerText()).toBe(BANNER[lang]);
      for (const [user, path, ready] of [
        [TRAINEE, '/issue', 'protection'],
        [TECH, '/diagnostics', 'who'],
        [TRAINER, '/drills', 'drills'],
      ] as const) {
        await logIn(page, user.name, user.password);
        await page.goto(path);
        await page.getByTestId(ready).waitFor();
        expect(await bannerText(), `${lang} ${path}`).toBe(BANNER[lang]);
        // Above everything else: the first thing on the page after the skip link.
        expect(
          await page.evaluate(() =>
            document.querySelector('.shell > :nth-child(2)')?.getAttribute('data-testid'),
          ),
        ).toBe('training-banner');
        await expectUserWords(page, `${lang} ${path}`);
        expectNoSeriousViolations(await seriousAxeViolations(page), `${lang} ${path}`);
        await logOut(page);
      }
    });
  }

  it('the banner on the applicant kiosk pages (applicant screen, information point, waiting room)', async () => {
    const { page } = b;
    for (const path of ['/applicant', '/info', '/queue']) {
      await page.goto(path);
      await page.getByTestId('training-banner').waitFor();
      expect(await bannerText(), path).toBe(`${BANNER.ro} · ${BANNER.en}`);
      expectNoSeriousViolations(await seriousAxeViolations(page), `kiosk ${path}`);
    }
  });

  it('the trainer schedules a drill; the trainee meets it on that card; the page shows who met what', async () => {
    const { page } = b;
    await page.goto('/login');
    await page.evaluate(() => localStorage.setItem('cardgate.locale', 'en'));
    await logIn(page, TRAINER.name, TRAINER.password);
    await page.goto('/drills');
    await page.getByTestId('drills').waitFor();
    await page.locator('select[name=fault]').selectOption('ribbon-ends');
    await page.locator('input[name=card]').fill('1');
    await page.locator('#drill-new button[type=submit]').click();
    await page.getByTestId('drills-waiting').waitFor();
    expect(await page.getByTestId('drills-waiting').textContent()).toContain(
      'The ribbon ends while the front prints, on card 1',
    );

    // The trainee issues a card (through the API, as the issuing page does).
    const cookie = await sessionOf(TRAINEE.name, TRAINEE.password);
    const person = requestPerson('romanian-diacritics');
    const photo = readFileSync(join(projectRoot, 'tests/fixtures/face.jpg')).toString('base64');
    const created = await fetch(`${station.url}/api/v1/issuances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ kind: 'new', person, photo }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const job = await waitFor(
      async () => {
        const j = (await (
          await fetch(`${station.url}/api/v1/issuances/${id}`, { headers: { cookie } })
        ).json()) as { status: string; documentNumber: string; error: { code: string } | null };
        return j.status === 'needs-operator' ? j : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the drilled card waiting for a person' },
    );

    await page.reload();
    const row = page.getByTestId('trainee-ioana');
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(job.documentNumber);
    expect(job.documentNumber).toMatch(/^ZZ/);
    expect(text).toContain('The ribbon ends while the front prints');
    expect(text).toContain(`a fault box (${job.error!.code})`);
    await expectUserWords(page, 'drills page with a trainee');
    expectNoSeriousViolations(await seriousAxeViolations(page), 'drills page with a trainee');
    await logOut(page);
  });

  async function sessionOf(name: string, password: string): Promise<string> {
    const res = await fetch(`${station.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password }),
    });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
});
