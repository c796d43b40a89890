/**
 * The applicant screen beside the operator page, in two Chromium instances against the whole
 * station (printer and camera emulators): pairing by code, the data shown for confirmation, the
 * operator's Issue held until the applicant says "Correct" (keyboard only), a "wrong" answer
 * naming the field at the desk, printing and the end screen; a dropped screen is seen at the desk
 * and only an audited verbal confirmation lets the card through.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  buildPages,
  expectNoSeriousViolations,
  logIn,
  recordBlanks,
  startFullStation,
  type FullStation,
} from './station-fixture.js';

const USERS = [
  { name: 'ana', role: 'operator', password: 'ana-password-1' },
  { name: 'tudor', role: 'technician', password: 'tudor-password-1' },
] as const;

async function fillPerson(page: Page, day: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Surname', exact: true }).fill('Ковальчук');
  await page.getByRole('textbox', { name: 'Given names', exact: true }).fill('Олена');
  await page.getByRole('combobox', { name: 'Sex' }).selectOption('F');
  await page.getByRole('combobox', { name: 'Nationality (3 letters)' }).fill('UKR');
  await page.getByRole('textbox', { name: 'Year' }).fill('1990');
  await page.getByRole('combobox', { name: 'Month' }).selectOption('03');
  await page.getByRole('combobox', { name: 'Day' }).selectOption(day);
}

const deskAnswer = (page: Page) => page.getByTestId('desk-answer');

describeWithSystem(['chromium', 'ffmpeg'], 'applicant screen (Chromium, two screens)', () => {
  let full: FullStation;
  let desk: TestBrowser;
  let screen: TestBrowser;

  beforeAll(async () => {
    buildPages();
    full = await startFullStation({ panelMs: 20, users: [...USERS] });
    await recordBlanks(full.station.url, USERS[1], 50);
    desk = await launchBrowser({ baseURL: full.station.url, stepTimeoutMs: 20_000 });
    screen = await launchBrowser({ baseURL: full.station.url, stepTimeoutMs: 20_000 });
  }, 240_000);

  afterAll(async () => {
    await screen?.close();
    await desk?.close();
    await full?.stop();
  });

  it('pairs, holds Issue until "Correct" (keyboard only), names a wrong field at the desk, then prints', async () => {
    const op = desk.page;
    const ap = screen.page;
    await logIn(op, 'ana', 'ana-password-1');
    await op.getByRole('button', { name: 'Pair a screen' }).click();
    const code = (await op.getByTestId('pairing-code').getAttribute('data-code'))!;
    expect(code).toMatch(/^\d{6}$/);

    // The screen shows nothing but the pairing form until the code is typed (keyboard only).
    await ap.goto('/applicant');
    await ap.locator('[data-testid=applicant][data-link=unpaired]').waitFor();
    expect(await ap.locator('[data-testid^=stage-]').count()).toBe(0);
    await ap.locator('input[name=code]').focus();
    await ap.keyboard.type(code);
    await ap.keyboard.press('Enter');
    await ap.locator('[data-testid=applicant][data-link=paired][data-stage=idle]').waitFor();
    await op.locator('[data-testid=desk-link][data-connected=true]').waitFor();
    // The code was single use.
    const reuse = await fetch(`${full.station.url}/api/v1/applicant/screen/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: full.station.url },
      body: JSON.stringify({ code }),
    });
    expect(reuse.status).toBe(404);

    // The applicant sees the head guide while the operator's webcam is live.
    await fillPerson(op, '14');
    await op.getByRole('button', { name: 'Take photo with the webcam' }).click();
    await ap.getByTestId('stage-photo').waitFor();
    await op.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0);
    await op.getByRole('button', { name: 'Capture' }).click();
    await op.getByRole('button', { name: 'Use this photo' }).click();
    await op.getByTestId('photo-thumb').waitFor();

    // The data go to the screen by themselves; Issue waits.
    await ap.getByTestId('stage-confirm').waitFor();
    expect(await ap.locator('dd[data-field=surname]').textContent()).toBe('Ковальчук');
    expect(await ap.locator('dd[data-field=mrzName]').textContent()).toBe('KOVALCHUK<<OLENA');
    expect(await ap.locator('dd[data-field=dateOfBirth]').textContent()).toBe('14 March 1990');
    await deskAnswer(op).waitFor();
    expect(await op.getByTestId('issue').isDisabled()).toBe(true);
    expectNoSeriousViolations(await seriousAxeViolations(ap), '/applicant confirmation');

    // "Something is wrong" → the date of birth, by keyboard: the desk names the field.
    await ap.keyboard.press('Tab');
    await ap.keyboard.press('Enter');
    await ap.getByTestId('field-surname').waitFor();
    for (let i = 0; i < 3; i++) await ap.keyboard.press('Tab');
    expect(await ap.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'field-dateOfBirth',
    );
    await ap.keyboard.press('Enter');
    await op.locator('[data-testid=desk-answer][data-answer=wrong][data-field=dateOfBirth]').waitFor();
    expect(await deskAnswer(op).textContent()).toContain('date of birth');
    expect(await op.getByTestId('issue').isDisabled()).toBe(true);

    // The operator fixes the day; the screen shows the new data; "Correct" by keyboard (focused).
    await op.getByRole('combobox', { name: 'Day' }).selectOption('15');
    await ap.locator('dd[data-field=dateOfBirth]', { hasText: '15 March 1990' }).waitFor();
    await ap.getByTestId('correct').waitFor();
    expect(await ap.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('correct');
    await screenshot(ap, 'applicant-confirm');
    await ap.keyboard.press('Enter');
    await op.locator('[data-testid=desk-answer][data-cleared=true][data-answer=correct]').waitFor();
    await op.getByTestId('issue').click();
    await ap.getByTestId('stage-printing').or(ap.getByTestId('stage-done')).waitFor({ timeout: 90_000 });
    const progress = op.locator('[data-testid=progress]');
    await progress.waitFor();
    await op
      .locator(
        '[data-testid=progress][data-status=done], [data-testid=progress][data-status=failed], [data-testid=progress][data-status=needs-operator]',
      )
      .waitFor({ timeout: 120_000 });
    expect(await progress.getAttribute('data-status'), (await progress.textContent()) ?? '').toBe('done');
    // The screen learns "done" from its own event stream, after the desk: give a loaded machine room.
    await ap.getByTestId('stage-done').waitFor({ timeout: 90_000 });
    expect(await ap.getByTestId('stage-done').textContent()).toMatch(
      /valid until \d{1,2} [A-Z][a-z]+ \d{4} \(180 days\)/,
    );
    expectNoSeriousViolations(await seriousAxeViolations(ap), '/applicant done');
  }, 300_000);

  it('a dropped screen shows at the desk; only a verbal confirmation with a reason lets the card through', async () => {
    const op = desk.page;
    await op.getByRole('button', { name: 'Next person' }).click();
    await screen.page.goto('about:blank');
    await op.locator('[data-testid=desk-link][data-connected=false]').waitFor();
    await fillPerson(op, '16');
    await op.getByRole('button', { name: 'Take photo with the webcam' }).click();
    await op.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0);
    await op.getByRole('button', { name: 'Capture' }).click();
    await op.getByRole('button', { name: 'Use this photo' }).click();
    await deskAnswer(op).waitFor();
    expect(await op.getByTestId('issue').isDisabled()).toBe(true);
    await op.getByRole('button', { name: 'Confirmed verbally…' }).click();
    await op.locator('input[name=reason]').fill('screen cable came loose; read aloud in Ukrainian');
    await op.getByRole('button', { name: 'Record verbal confirmation' }).click();
    await op.locator('[data-testid=desk-answer][data-cleared=true]').waitFor();
    // The button follows the cleared answer on the next render.
    await op.locator('[data-testid=issue]:not([disabled])').waitFor();
    await op.getByTestId('issue').click();
    await op.locator('[data-testid=progress]').waitFor();
  }, 180_000);
});
