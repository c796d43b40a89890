/**
 * Every page, in Romanian and English, in the user's words (no field names, no codes alone, no
 * byte counts), and screens that follow the job's current state. The real station in Chromium:
 * printer emulator over TCP, encoder and board emulators, a camera emulator with the test face.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { launchBrowser, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { waitFor } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  buildPages,
  emulatorControl,
  expectNoSeriousViolations,
  expectUserWords,
  logIn,
  logOut,
  recordBlanks,
  startFullStation,
  type FullStation,
} from './station-fixture.js';

const USERS = [
  { name: 'ana', role: 'operator', password: 'ana-password-1' },
  { name: 'tudor', role: 'technician', password: 'tudor-password-1' },
  { name: 'root', role: 'admin', password: 'root-password-1' },
] as const;
const pw = (name: string) => USERS.find((u) => u.name === name)!.password;

/** Creates a card through the API with the station camera's photo; returns the job id. */
async function issueByApi(page: Page, surname: string): Promise<string> {
  return page.evaluate(async (surname) => {
    const shot = await fetch('/api/v1/cameras/desk/capture', { method: 'POST' });
    if (!shot.ok) throw new Error(`capture ${shot.status}`);
    const bytes = new Uint8Array(await shot.arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    const r = await fetch('/api/v1/issuances', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'new',
        photo: btoa(bin),
        person: {
          surname,
          givenNames: 'Ana',
          sex: 'F',
          dateOfBirth: '1990-05-17',
          nationality: 'MDA',
          identityDeclared: false,
        },
      }),
    });
    if (r.status !== 201) throw new Error(`issue ${r.status}: ${await r.text()}`);
    return ((await r.json()) as { id: string }).id;
  }, surname);
}

/** Waits until the job comes to rest (done, failed, cancelled, voided, or waiting for a person). */
async function restingStatus(page: Page, id: string): Promise<string> {
  let last = '';
  return waitFor(
    async () => {
      const job = await page.evaluate(
        async (id) => (await (await fetch(`/api/v1/issuances/${id}`)).json()) as { status: string },
        id,
      );
      last = JSON.stringify(job);
      return ['done', 'failed', 'cancelled', 'voided', 'needs-operator'].includes(job.status)
        ? job.status
        : null;
    },
    { timeoutMs: 90_000, what: `job ${id} at rest` },
  ).catch((e: Error) => {
    throw new Error(`${e.message}; last seen ${last}`);
  });
}

async function useLanguage(page: Page, lang: 'en' | 'ro'): Promise<void> {
  await page.goto('/login');
  await page.evaluate((l) => localStorage.setItem('cardgate.locale', l), lang);
  await page.reload();
  await page.locator(`html[lang=${lang}]`).waitFor();
}

describeWithSystem(['chromium'], 'every page in the user’s words, following the job', () => {
  vi.setConfig({ testTimeout: 150_000 });
  let full: FullStation;
  let b: TestBrowser;
  const jobs: Record<'done' | 'voided' | 'stopped', string> = { done: '', voided: '', stopped: '' };

  beforeAll(async () => {
    buildPages();
    // Short panels: nothing here waits for a card in the middle of printing.
    full = await startFullStation({ panelMs: 20, users: [...USERS] });
    await recordBlanks(full.station.url, USERS[1], 100);
    b = await launchBrowser({ baseURL: full.station.url, stepTimeoutMs: 20_000 });
  }, 180_000);
  // A test that fails half-way must not leave the next one logged in as someone else.
  beforeEach(async () => {
    await b?.context.clearCookies();
  });
  afterAll(async () => {
    await b?.close();
    await full?.stop();
  });

  it('loading the login page logs no console error and no failed request', async () => {
    const { page } = b;
    const problems: string[] = [];
    const onConsole = (m: { type: () => string; text: () => string }) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    };
    const onPageError = (e: Error) => problems.push(`pageerror: ${e.message}`);
    // A request cut short by the next navigation (ERR_ABORTED) is not a failure the user sees.
    const onFailed = (r: { url: () => string; failure: () => { errorText: string } | null }) => {
      if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) problems.push(`failed: ${r.url()}`);
    };
    const onResponse = (r: { status: () => number; url: () => string }) => {
      if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    };
    page.on('console', onConsole);
    page.on('pageerror', onPageError);
    page.on('requestfailed', onFailed);
    page.on('response', onResponse);
    try {
      for (const lang of ['ro', 'en'] as const) {
        await useLanguage(page, lang);
        await page.locator('input[name=name]').waitFor();
        // The session probe has answered (the form is shown only after it), and nothing else is pending.
        await page.waitForLoadState('networkidle');
      }
    } finally {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
      page.off('requestfailed', onFailed);
      page.off('response', onResponse);
    }
    expect(problems).toEqual([]);
  });

  it('cards in each state: one done, one voided, one stopped by the open cover', async () => {
    const { page } = b;
    await logIn(page, 'ana', pw('ana'));
    jobs.done = await issueByApi(page, 'Popescu');
    expect(await restingStatus(page, jobs.done)).toBe('done');
    jobs.voided = await issueByApi(page, 'Ionescu');
    expect(await restingStatus(page, jobs.voided)).toBe('done');
    const voided = await page.evaluate(
      async (id) =>
        (
          await fetch(`/api/v1/issuances/${id}/void`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ reason: 'misprinted photo' }),
          })
        ).status,
      jobs.voided,
    );
    expect(voided).toBe(200);
    // The cover is open before the card starts, so the stop cannot race the printing.
    await emulatorControl(full.control, '/faults', { fault: 'cover-open' });
    jobs.stopped = await issueByApi(page, 'Rahimi');
    expect(await restingStatus(page, jobs.stopped)).toBe('needs-operator');
    await logOut(page);
  });

  for (const lang of ['en', 'ro'] as const) {
    it(`${lang}: every page and its main states speak the user's words`, async () => {
      const { page } = b;
      await useLanguage(page, lang);
      await expectUserWords(page, `${lang} login`);

      // Operator: the stopped card's box (restored on load), today's list with every state.
      await logIn(page, 'ana', pw('ana'));
      await page.locator('[data-testid=fault]').waitFor();
      await page.getByTestId('today').locator(`tr[data-job="${jobs.voided}"]`).waitFor();
      await expectUserWords(page, `${lang} operator, card stopped`);
      await logOut(page);

      // Technician: every diagnostics section, and a page the role may not open.
      await logIn(page, 'tudor', pw('tudor'));
      await page.getByTestId('devices').locator('tr[data-device]').first().waitFor();
      await expectUserWords(page, `${lang} diagnostics devices`);
      const sections: [string, string][] = [
        ['printer', '[data-testid=printer-ready]:not(:empty)'],
        ['encoder', 'section[id^=encoder-] dl'],
        ['board', '[data-testid=light-reasons]'],
        ['mqtt', '#mqtt'],
        ['stock', '[data-testid=balanced]'],
        ['events', '[data-testid=events] tbody tr'],
      ];
      for (const [tab, ready] of sections) {
        await page.locator(`button[data-tab=${tab}]`).click();
        await page.locator(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        await expectUserWords(page, `${lang} diagnostics ${tab}`);
      }
      await page.goto('/issue');
      await page.getByTestId('forbidden').waitFor();
      await expectUserWords(page, `${lang} technician on the issuing page`);
      await logOut(page);

      // Administrator: users and station, diagnostics, and the issue form with its errors.
      await logIn(page, 'root', pw('root'));
      await page.getByTestId('users').locator('th', { hasText: 'tudor' }).waitFor();
      await page.locator('#station dl').first().waitFor();
      await expectUserWords(page, `${lang} administration`);
      await page.goto('/issue');
      await page.getByTestId('issue').click();
      await page.locator('#f-surname[aria-invalid=true]').waitFor();
      await expectUserWords(page, `${lang} issue form with errors`);
      await logOut(page);
    });
  }

  it('the stopped card: the box says what happened to the card; today’s list shows the true step and fitting actions', async () => {
    const { page } = b;
    await useLanguage(page, 'en');
    await logIn(page, 'ana', pw('ana'));
    const fault = page.locator('[data-testid=fault][data-code=COVER_OPEN]');
    await fault.waitFor();
    expect(await fault.textContent()).toContain('The printer cover is open.');
    // The cover was open before the card started: the job record says no blank was taken.
    const stopped = await page.evaluate(
      async (id) => (await (await fetch(`/api/v1/issuances/${id}`)).json()) as { card: unknown },
      jobs.stopped,
    );
    expect(await page.getByTestId('card-fate').textContent()).toEqual(
      stopped.card === null
        ? 'No blank card was taken for it: nothing was spoiled.'
        : expect.stringMatching(/printer|reject box|output tray/),
    );

    const row = (id: string) => page.getByTestId('today').locator(`tr[data-job="${id}"]`);
    expect(await row(jobs.stopped).textContent()).toContain('Waiting for the operator');
    expect(await row(jobs.stopped).getByRole('button').count()).toBe(0);
    expect(
      await row(jobs.voided)
        .getByRole('button', { name: /^Re-issue/ })
        .count(),
    ).toBe(1);
    expect(await row(jobs.done).getByRole('button').allTextContents()).toEqual([
      'Re-issue',
      'Extend',
      'Void',
    ]);

    // Cancel: the job is cancelled, so no Resume / Cancel beside "Next person".
    await page.getByRole('button', { name: 'Cancel this card' }).click();
    await page.locator('[data-testid=progress][data-status=cancelled]').waitFor();
    await page.getByRole('button', { name: 'Next person' }).waitFor();
    expect(await page.locator('[data-testid=fault]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Resume printing' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Cancel this card' }).count()).toBe(0);
    await row(jobs.stopped).getByText('Cancelled').waitFor();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'card cancelled');
    await emulatorControl(full.control, '/clear', { cover: true });
    await logOut(page);
  });

  it('technician: the "fault" filter shows the cover fault; the tower light says why it is not green', async () => {
    const { page } = b;
    await logIn(page, 'tudor', pw('tudor'));
    await page.locator('button[data-tab=events]').click();
    await page.getByRole('combobox', { name: 'Level' }).selectOption('fault');
    const rows = page.locator('[data-testid=events] tbody tr');
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    expect(texts.some((t) => /cover is open/.test(t))).toBe(true);
    expect(await page.locator('[data-testid=events] tbody tr:not([data-level=fault])').count()).toBe(0);

    await page.locator('button[data-tab=board]').click();
    const reasons = page.getByTestId('light-reasons');
    await reasons.waitFor();
    const light = await page.locator('#board dl div', { hasText: 'Tower light' }).locator('dd').textContent();
    if (light !== 'green') expect(await reasons.locator('li').count()).toBeGreaterThan(0);
    else expect(await reasons.textContent()).toContain('Every device is online');
    await logOut(page);
  });

  it('administrator: the new-user form is cleared, an old success line goes on the next action, passwords can be reset', async () => {
    const { page } = b;
    await logIn(page, 'root', pw('root'));
    await page.getByRole('textbox', { name: 'Name' }).fill('tech1');
    await page.getByRole('combobox', { name: 'Role' }).selectOption('technician');
    await page.getByLabel('Initial password').fill('tech1-initial-pw');
    await page.getByRole('button', { name: 'Add user' }).click();
    const status = page.getByTestId('admin-status');
    await status.filter({ hasText: 'User tech1 added' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('');
    expect(await page.getByLabel('Initial password').inputValue()).toBe('');
    expect(await page.getByRole('combobox', { name: 'Role' }).inputValue()).toBe('operator');

    // The next action fails (the name exists): its error stands alone, without the old success.
    await page.getByRole('textbox', { name: 'Name' }).fill('tech1');
    await page.getByLabel('Initial password').fill('tech1-initial-pw');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.locator('#users [role=alert]').waitFor();
    expect(await status.textContent()).toBe('');

    // Reset tech1's password: they must choose a new one at the next login.
    await page.getByRole('button', { name: 'Reset password: tech1' }).click();
    await page.getByTestId('reset-form').getByLabel('Initial password').fill('tech1-reset-pw-2');
    await page.getByRole('button', { name: 'Reset the password' }).click();
    await status.filter({ hasText: 'The password of tech1 was reset' }).waitFor();
    expect(await page.locator('#users [role=alert]').count()).toBe(0);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'administration after reset');
    await logOut(page);
    await logIn(page, 'tech1', 'tech1-reset-pw-2', 'tech1-own-password');
    await page.locator('h1', { hasText: 'Station diagnostics' }).waitFor();
    await logOut(page);
  });

  it('technician: the page closed to the role does not send them to a technician', async () => {
    const { page } = b;
    await logIn(page, 'tudor', pw('tudor'));
    await page.goto('/admin');
    const box = page.getByTestId('forbidden');
    await box.waitFor();
    expect(await box.textContent()).not.toContain('Ask a technician');
    expect(await box.textContent()).toContain('Ask an administrator');
    await logOut(page);
  });

  it('issue form: 30 February outlines the day, an empty year says "Required.", the MRZ box fits at 1024 px', async () => {
    const { page } = b;
    await page.setViewportSize({ width: 1024, height: 768 });
    try {
      await logIn(page, 'ana', pw('ana'));
      await page.locator('h1', { hasText: 'Issue a card' }).waitFor();
      await page.getByRole('textbox', { name: 'Surname', exact: true }).fill('Bondarenko');
      await page.getByRole('textbox', { name: 'Given names', exact: true }).fill('Oleksandr Volodymyrovych');
      await page.getByRole('combobox', { name: 'Sex' }).selectOption('M');
      await page.getByRole('combobox', { name: 'Nationality (3 letters)' }).fill('UKR');
      await page.getByRole('combobox', { name: 'Month' }).selectOption('02');
      await page.getByRole('combobox', { name: 'Day' }).selectOption('30');
      const year = page.getByRole('textbox', { name: 'Year' });
      await year.fill('1');
      await year.fill('');
      await page.locator('#f-dob-err', { hasText: 'Required.' }).waitFor();
      expect(await year.getAttribute('aria-invalid')).toBe('true');

      await year.fill('1984');
      await page.locator('#f-dob-err', { hasText: 'This day does not exist in that month.' }).waitFor();
      expect(await page.getByRole('combobox', { name: 'Day' }).getAttribute('aria-invalid')).toBe('true');
      expect(await year.getAttribute('aria-invalid')).toBeNull();

      await page.getByRole('combobox', { name: 'Day' }).selectOption('28');
      const mrz = page.getByTestId('mrz');
      await mrz.waitFor();
      const overflow = await mrz.evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBe(0);
      await logOut(page);
    } finally {
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  });
});
