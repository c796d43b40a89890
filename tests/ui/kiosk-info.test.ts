/**
 * The information point and the waiting-room display in Chromium against the real station: every
 * language renders (dir="rtl" where due) in the shipped Noto fonts with no glyph left to a system
 * font or tofu (Chromium's own report of the fonts each node was drawn with), a paragraph's audio
 * plays, a ticket is given, and axe finds nothing serious.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KIOSK_LANGUAGES } from '../../gateway/info/languages.js';
import { launchBrowser, screenshot, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  buildPages,
  expectNoSeriousViolations,
  startStation,
  type RunningStation,
} from './station-fixture.js';

const FAMILY_SHOTS: Record<string, string> = {
  en: 'info-latin',
  uk: 'info-cyrillic',
  ar: 'info-arabic',
  hi: 'info-devanagari',
  bn: 'info-bengali',
  si: 'info-sinhala',
  ta: 'info-tamil',
};

/** Fonts Chromium drew each text node of the page with (CSS.getPlatformFontsForNode). */
async function fontsUsed(
  page: Page,
  selector: string,
): Promise<{ family: string; custom: boolean; glyphs: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const out: { family: string; custom: boolean; glyphs: number }[] = [];
    for (const nodeId of nodeIds) {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const f of fonts) out.push({ family: f.familyName, custom: f.isCustomFont, glyphs: f.glyphCount });
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

describeWithSystem(['chromium', 'espeak-ng'], 'information point and queue display (Chromium)', () => {
  let station: RunningStation;
  let browser: TestBrowser;

  beforeAll(async () => {
    buildPages();
    station = await startStation({ mqtt: { enabled: false } });
    browser = await launchBrowser({ baseURL: station.url });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
  });

  it('every language renders its page in the shipped fonts, mirrored where written right to left', async () => {
    const { page } = browser;
    for (const lang of KIOSK_LANGUAGES) {
      await page.goto('/info');
      await page.locator(`button[data-lang="${lang.code}"]`).click();
      await page.locator('[data-testid=info][data-view=topics]').waitFor();
      await page.locator('button[data-slug="asylum"]').click();
      const article = page.locator('[data-testid=info-page]');
      await article.waitFor();
      expect(await page.evaluate(() => document.documentElement.dir), lang.code).toBe(lang.dir);
      expect(await article.getAttribute('dir'), lang.code).toBe(lang.dir);
      expect(await article.getAttribute('data-fallback'), lang.code).toBe('false');
      // Mirrored layout: the back button sits at the inline start (right in RTL).
      const back = await page.locator('[data-testid=info-page] button').first().boundingBox();
      const box = (await article.boundingBox())!;
      const middle = box.x + box.width / 2;
      expect(lang.dir === 'rtl' ? back!.x > middle : back!.x < middle, `${lang.code} mirrored`).toBe(true);
      await page.evaluate(() => document.fonts.ready);
      const fonts = await fontsUsed(
        page,
        '[data-testid=info-page] h2, [data-testid=info-page] .text p, [data-testid=info-page] .text li, [data-testid=info-page] strong',
      );
      expect(fonts.length, lang.code).toBeGreaterThan(3);
      const foreign = fonts.filter((f) => !f.custom || !f.family.startsWith('Noto Sans'));
      expect(foreign, `${lang.code}: glyphs not drawn by the shipped fonts`).toEqual([]);
      // Audio where espeak-ng has a voice, a visible "no audio" mark where it has none.
      const noAudio = await page.getByTestId('no-audio').count();
      expect(noAudio > 0, `${lang.code} no-audio mark`).toBe(lang.voice === null);
      if (FAMILY_SHOTS[lang.code]) await screenshot(page, FAMILY_SHOTS[lang.code]!);
    }
  }, 240_000);

  it("a paragraph's audio plays (espeak-ng, made on first use)", async () => {
    const { page } = browser;
    await page.goto('/info');
    await page.locator('button[data-lang="ro"]').click();
    await page.locator('button[data-slug="emergency"]').click();
    await page.locator('.speak-btn').first().click();
    await page
      .locator('[data-testid=speech][data-state=playing]')
      .first()
      .waitFor({ state: 'attached', timeout: 30_000 });
    const duration = await page
      .locator('[data-testid=speech]')
      .first()
      .evaluate((a) => (a as HTMLAudioElement).duration);
    expect(duration).toBeGreaterThan(0.5);
    expectNoSeriousViolations(await seriousAxeViolations(page), '/info page');
  }, 60_000);

  it('gives a ticket and the waiting room shows it waiting; axe is clean on /info and /queue', async () => {
    const { page } = browser;
    await page.goto('/info');
    expectNoSeriousViolations(await seriousAxeViolations(page), '/info languages');
    await page.locator('button[data-lang="ar"]').click();
    expectNoSeriousViolations(await seriousAxeViolations(page), '/info topics (ar)');
    await page.getByTestId('take-ticket').click();
    const number = Number(await page.getByTestId('ticket-number').textContent());
    expect(number).toBeGreaterThan(0);
    await page.goto('/queue');
    await page.locator('[data-testid=estimate]').waitFor();
    await page.getByText(/1/).first().waitFor();
    const display = await (await fetch(`${station.url}/api/v1/queue/display`)).json();
    expect(display).toMatchObject({ waiting: number, serving: [] });
    expectNoSeriousViolations(await seriousAxeViolations(page), '/queue');
    await screenshot(page, 'queue-display');
  }, 60_000);
});
