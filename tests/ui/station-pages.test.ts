import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { launchBrowser, screenshot, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  apiStatus,
  buildPages,
  expectNoSeriousViolations,
  logIn,
  logOut,
  startStation,
  type RunningStation,
} from './station-fixture.js';

/**
 * The pages served by the real station (`cardgate start`), in Chromium: languages, first login,
 * administration, role-aware navigation, form validation as you type, keyboard order, axe.
 */
describeWithSystem(['chromium'], 'appliance pages on the real station', () => {
  vi.setConfig({ testTimeout: 60_000 });
  let station: RunningStation;
  let b: TestBrowser;
  const ADMIN_PW = 'admin-secret-42';

  beforeAll(async () => {
    buildPages();
    // Stand-ins only (no broker port, no board, no PC/SC): this file is about the pages.
    station = await startStation({
      mqtt: { enabled: false },
      board: { enabled: false },
      encoder: { driver: 'emulator' },
    });
    b = await launchBrowser({ baseURL: station.url });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await station?.stop();
  });

  it('opens in the station language (Romanian), switches to English and remembers it', async () => {
    const { page } = b;
    await page.goto('/');
    await page.locator('h1', { hasText: 'Autentificare' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ro');
    expectNoSeriousViolations(await seriousAxeViolations(page), 'login (ro)');
    await screenshot(page, 'login-ro');
    await page.getByRole('combobox', { name: 'Limba' }).selectOption('en');
    await page.locator('h1', { hasText: 'Log in' }).waitFor();
    await page.reload();
    await page.locator('h1', { hasText: 'Log in' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('tells a wrong password apart, and loads nothing from outside the station', async () => {
    const { page } = b;
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(station.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await page.goto('/login');
    await page.locator('input[name=name]').fill('admin');
    await page.locator('input[name=password]').fill('not-the-password');
    await page.locator('form button[type=submit]').click();
    await page.getByRole('alert').filter({ hasText: 'Wrong user name or password' }).waitFor();
    expect(foreign).toEqual([]);
  });

  it('first login: the admin replaces the one-time password, then adds an operator and a technician', async () => {
    const { page } = b;
    await page.goto('/login');
    await page.locator('input[name=name]').fill('admin');
    await page.locator('input[name=password]').fill(station.adminPassword!);
    await page.locator('form button[type=submit]').click();
    await page.locator('h1', { hasText: 'Choose a new password' }).waitFor();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'password change');
    await page.locator('input[name=current]').fill(station.adminPassword!);
    await page.locator('input[name=next]').fill('short');
    await page.getByText('At least 10 characters.').waitFor();
    expect(await page.locator('input[name=next]').getAttribute('aria-invalid')).toBe('true');
    await page.locator('input[name=next]').fill(ADMIN_PW);
    await page.locator('input[name=again]').fill(ADMIN_PW);
    await page.locator('form button[type=submit]').click();
    await page.locator('h1', { hasText: 'Administration' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');

    for (const [name, role] of [
      ['ana', 'operator'],
      ['tudor', 'technician'],
    ] as const) {
      await page.getByRole('textbox', { name: 'Name' }).fill(name);
      await page.getByRole('combobox', { name: 'Role' }).selectOption(role);
      await page.getByLabel('Initial password').fill(`${name}-initial-pw`);
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.getByTestId('users').locator('th', { hasText: name }).waitFor();
    }
    expectNoSeriousViolations(await seriousAxeViolations(page), 'administration');
    await screenshot(page, 'admin');
    await logOut(page);
  });

  it('operator: only the issuing page; diagnostics, the raw console and admin APIs are closed', async () => {
    const { page } = b;
    await logIn(page, 'ana', 'ana-initial-pw', 'ana-own-password');
    await page.locator('h1', { hasText: 'Issue a card' }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Issue cards']);
    await page.goto('/diagnostics');
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByText('Raw command console').count()).toBe(0);
    expect(await apiStatus(page, 'GET', '/users')).toBe(403);
    await page.goto('/admin');
    await page.getByTestId('forbidden').waitFor();
    await logOut(page);
  });

  it('issue form: validation as you type, unknown date parts, live MRZ, keyboard order', async () => {
    const { page } = b;
    await logIn(page, 'ana', 'ana-own-password');
    await page.locator('h1', { hasText: 'Issue a card' }).waitFor();

    // Issuing an empty form shows every missing field and puts the focus on the first one.
    await page.getByTestId('issue').click();
    await page.getByText('Required.').first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-surname');
    expectNoSeriousViolations(await seriousAxeViolations(page), 'issue form with errors');
    await screenshot(page, 'issue-validation');

    await page.getByRole('textbox', { name: 'Surname', exact: true }).fill('Шевченко');
    await page.getByRole('textbox', { name: 'Given names', exact: true }).fill('Олена');
    await page.getByRole('combobox', { name: 'Sex' }).selectOption('F');
    const nat = page.getByRole('combobox', { name: 'Nationality (3 letters)' });
    await nat.fill('UK');
    await page.getByText('Three capital letters, e.g. UKR.').waitFor();
    await nat.fill('ukr');
    await page.getByText('Three capital letters, e.g. UKR.').waitFor({ state: 'detached' });
    const year = page.getByRole('textbox', { name: 'Year' });
    await year.fill('19x');
    const yearHint = page.getByText('Year: 4 digits, X only for unknown last digits (19XX, XXXX).');
    await yearHint.waitFor();
    // Unknown digits of a year are its last ones; the MRZ writes a year known only in part as unknown.
    await year.fill('1X9X');
    await yearHint.waitFor();
    await year.fill('19XX');
    await yearHint.waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'Month' }).selectOption('02');
    await page.getByRole('combobox', { name: 'Day' }).selectOption('30');
    await page.getByText('This day does not exist in that month.').waitFor();
    await page.getByRole('combobox', { name: 'Day' }).selectOption('14');
    await page.getByText('This day does not exist in that month.').waitFor({ state: 'detached' });

    // The MRZ comes from gateway/document/mrz running in the page: transliterated name, partial date.
    const mrz = await page.getByTestId('mrz').textContent();
    const lines = (mrz ?? '').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^SHEVCHENKO<<OLENA<*$/);
    expect(lines[1]).toMatch(/^<<0214.F·{7}UKR/);
    expect(lines.every((l) => l.length === 30)).toBe(true);

    // Keyboard: the fields come in reading order, then the photo.
    await page.getByRole('textbox', { name: 'Surname', exact: true }).focus();
    const order: string[] = [];
    for (let i = 0; i < 13; i++) {
      order.push(
        await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''),
      );
      await page.keyboard.press('Tab');
    }
    expect(order).toEqual([
      'f-surname',
      'f-givenNames',
      'f-latinSurname',
      'f-latinGivenNames',
      'f-sex',
      'f-nationality',
      'f-personalCode',
      'f-birthYear',
      'f-birthMonth',
      'f-birthDay',
      'f-placeOfResidence',
      'f-identityDeclared',
      'Take photo with the webcam',
    ]);
    await logOut(page);
  });

  it('technician: lands on diagnostics; issuing and administration are closed', async () => {
    const { page } = b;
    await logIn(page, 'tudor', 'tudor-initial-pw', 'tudor-own-password');
    await page.locator('h1', { hasText: 'Station diagnostics' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/diagnostics');
    expectNoSeriousViolations(await seriousAxeViolations(page), 'diagnostics');
    await page.goto('/issue');
    await page.getByTestId('forbidden').waitFor();
    expect(
      await apiStatus(page, 'POST', '/users', { name: 'eve', role: 'admin', password: 'x'.repeat(12) }),
    ).toBe(403);
    await logOut(page);
  });
});
