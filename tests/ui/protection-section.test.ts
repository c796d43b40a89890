/**
 * The operator's optional vulnerability section (issue 20) in the real station page, in Chromium:
 * reachable and usable by keyboard alone, in Romanian and English, the child's fields only once a
 * child box is ticked, the notice to HQ named for an unaccompanied child, and no serious axe
 * violation. Nothing in it is required: the form issues without it.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { launchBrowser, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  buildPages,
  expectNoSeriousViolations,
  expectUserWords,
  logIn,
  logOut,
  startFullStation,
  type FullStation,
} from './station-fixture.js';

const OPERATOR = { name: 'ana', role: 'operator', password: 'ana-password-1' } as const;

const WORDS = {
  en: {
    title: 'Vulnerability (optional)',
    unaccompanied: 'Unaccompanied minor',
    notice: 'protection notice',
  },
  ro: {
    title: 'Vulnerabilitate (opțional)',
    unaccompanied: 'Minor neînsoțit',
    notice: 'notificare de protecție',
  },
} as const;

describeWithSystem(['chromium'], 'the vulnerability section on the issuing page', () => {
  vi.setConfig({ testTimeout: 120_000 });
  let full: FullStation;
  let b: TestBrowser;

  beforeAll(async () => {
    buildPages();
    full = await startFullStation({ panelMs: 20, users: [OPERATOR] });
    b = await launchBrowser({ baseURL: full.station.url, stepTimeoutMs: 20_000 });
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await full?.stop();
  });

  for (const lang of ['en', 'ro'] as const) {
    it(`${lang}: keyboard only, the child's fields appear with a child box and the notice names HQ`, async () => {
      const { page } = b;
      await page.goto('/login');
      await page.evaluate((l) => localStorage.setItem('cardgate.locale', l), lang);
      await page.reload();
      await page.locator(`html[lang=${lang}]`).waitFor();
      await logIn(page, OPERATOR.name, OPERATOR.password);

      const section = page.getByTestId('protection');
      const summary = section.locator('summary');
      await summary.waitFor();
      expect(await summary.textContent()).toBe(WORDS[lang].title);
      // Collapsed: an ordinary registration never meets it.
      expect(await section.getAttribute('open')).toBeNull();

      await summary.focus();
      await page.keyboard.press('Enter');
      await section.locator('input[name=protection-minor]').waitFor();
      expect(await page.getByTestId('protection-child').count()).toBe(0);
      // Tab to the first box (minor), Space ticks it; the next box is the unaccompanied minor.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(
        'protection-minor',
      );
      await page.keyboard.press('Space');
      await page.getByTestId('protection-child').waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.parentElement?.textContent?.trim())).toBe(
        WORDS[lang].unaccompanied,
      );
      await page.keyboard.press('Space');
      const notice = page.getByTestId('protection-child').locator('[role=note]');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(WORDS[lang].notice);

      // The age field takes digits from the keyboard as well.
      await page.locator('#f-declaredAge').focus();
      await page.keyboard.type('14');
      expect(await page.locator('#f-declaredAge').inputValue()).toBe('14');

      await expectUserWords(page, `${lang} issuing page with the vulnerability section open`);
      expectNoSeriousViolations(await seriousAxeViolations(page), `${lang} vulnerability section`);

      // Unticking every child box takes the child's fields away again.
      await section.locator('input[name=protection-minor]').focus();
      await page.keyboard.press('Space');
      await section.locator('input[name=protection-unaccompanied-minor]').focus();
      await page.keyboard.press('Space');
      await page.getByTestId('protection-child').waitFor({ state: 'detached' });
      await logOut(page);
    });
  }

  it('a child under six is photographed with the relaxed checks (?child=young); an older child is not', async () => {
    const { page } = b;
    await page.goto('/login');
    await page.evaluate(() => localStorage.setItem('cardgate.locale', 'en'));
    await page.reload();
    await logIn(page, OPERATOR.name, OPERATOR.password);
    const section = page.getByTestId('protection');
    await section.locator('summary').click();
    await section.locator('input[name=protection-minor]').check();
    const capture = async (age: string): Promise<URL> => {
      await page.locator('#f-declaredAge').fill(age);
      const [req] = await Promise.all([
        page.waitForRequest((r) => r.url().includes('/capture')),
        page.getByRole('button', { name: 'Take photo with the station camera' }).click(),
      ]);
      return new URL(req.url());
    };
    expect((await capture('4')).searchParams.get('child')).toBe('young');
    await page.getByRole('button', { name: /discard|retake/i }).click();
    expect((await capture('9')).searchParams.get('child')).toBeNull();
    await logOut(page);
  });
});
