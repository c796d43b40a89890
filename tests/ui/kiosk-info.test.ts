/**
 * The information point and the waiting-room display in Chromium against the real station: every
 * language renders (dir="rtl" where due) in the shipped Noto fonts with no glyph left to a system
 * font or tofu (Chromium's own report of the fonts each node was drawn with), a paragraph's audio
 * plays, a ticket is given, and axe finds nothing serious. The children's topic shows its pictures
 * named by their alt text in English and Arabic, and the editor refuses an unknown picture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KIOSK_LANGUAGES } from '../../gateway/info/languages.js';
import { launchBrowser, screenshot, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { projectRoot } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import {
  buildPages,
  expectNoSeriousViolations,
  logIn,
  startStation,
  type RunningStation,
} from './station-fixture.js';

/** The kiosk's words as shipped for a language (what the page must show). */
const screenWords = (lang: string): Record<string, string> =>
  JSON.parse(readFileSync(join(projectRoot, 'content', 'screen', `${lang}.json`), 'utf8')) as Record<
    string,
    string
  >;

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

  it("the children's topic shows its pictures with their alt text in English and Arabic; an unknown picture is refused", async () => {
    const { page } = browser;
    const alts: Record<string, string[]> = {
      en: ['You are safe here', 'An adult helps you', 'Go to school', 'See a doctor', 'Call for help'],
      ar: ['أنت في أمان هنا', 'شخص بالغ يساعدك', 'اذهب إلى المدرسة', 'زر الطبيب', 'اتصل لطلب المساعدة'],
    };
    for (const [lang, names] of Object.entries(alts)) {
      await page.goto('/info');
      await page.locator(`button[data-lang="${lang}"]`).click();
      await page.locator('[data-testid=info][data-view=topics]').waitFor();
      await page.locator('button[data-slug="children"]').click();
      const article = page.locator('[data-testid=info-page]');
      await article.waitFor();
      expect(await article.getAttribute('dir'), lang).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await article.getAttribute('data-fallback'), lang).toBe('false');
      expect(await article.getAttribute('data-translation'), lang).toBe(
        lang === 'en' ? 'checked' : 'machine-unverified',
      );
      // A machine-made translation says so in the reader's language; the English source does not.
      const note = article.getByTestId('translation-note');
      if (lang === 'en') expect(await note.count()).toBe(0);
      else expect(await note.textContent()).toBe(screenWords(lang)['info.machineTranslation']);
      if (lang === 'ar')
        expectNoSeriousViolations(
          await seriousAxeViolations(page),
          'children (ar) with the translation note',
        );
      for (const name of names) {
        const img = article.getByRole('img', { name, exact: true });
        await expect(img.count(), `${lang}: picture "${name}"`).resolves.toBe(1);
        // Drawn, not an empty box: the SVG has a visible size and its caption says the same words.
        const box = (await img.boundingBox())!;
        expect(box.width, name).toBeGreaterThan(40);
        await expect(article.locator('figcaption', { hasText: name }).count()).resolves.toBe(1);
      }
      await expect(article.getByText('116 111').count()).resolves.toBeGreaterThan(0);
      expectNoSeriousViolations(await seriousAxeViolations(page), `/info children (${lang})`);
      await screenshot(page, `info-children-${lang}`);
    }

    // The editor refuses to save a page naming a picture that does not exist.
    await logIn(page, 'admin', station.adminPassword!, 'children-pages-test-1');
    const answer = await page.evaluate(async () => {
      const r = await fetch('/api/v1/info/admin/pages/en/children', {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          text: '---\ntitle: For children\nicon: child\nsource: UNHCR\nsourceUrl: https://help.unhcr.org/romania/\nchecked: 2026-11-30\n---\n\n::picture[rocket]{A rocket}\n',
        }),
      });
      return { status: r.status, body: (await r.json()) as unknown };
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('INFO_CONTENT_INVALID');
    expect(JSON.stringify(answer.body)).toContain('picture \\"rocket\\" is not one of');
    const still = await (await fetch(`${station.url}/api/v1/info/pages/en/children`)).json();
    expect(JSON.stringify(still)).toContain('Go to school');
  }, 120_000);
});
