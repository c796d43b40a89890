import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { embeddedTestDatabases } from '../helpers/hq-databases.js';
import { startTestHq, type TestHq } from '../helpers/hq.js';
import { sampleRecord } from '../helpers/issuance-record.js';
import { describeWithSystem } from '../helpers/system.js';
import { buildPages } from '../ui/station-fixture.js';

const PW = 'correct horse battery staple';

describeWithSystem(['chromium'], 'HQ pages (Chromium)', () => {
  const open = embeddedTestDatabases();
  let browser: TestBrowser | undefined;
  beforeAll(() => buildPages(), 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('log in, show each role only its pages in Romanian and English, and look up a document status', async () => {
    const hq: TestHq = await startTestHq(await open());
    try {
      await hq.ctx.accounts.add({ name: 'vera', role: 'verifier', password: PW });
      await hq.ctx.registry.ingest({ site: 'site-ro-gl', station: 'st-01' }, sampleRecord());
      browser = await launchBrowser({ baseURL: hq.url, locale: 'en-GB' });
      const page = browser.page;
      await page.goto('/');
      await page.getByLabel('Nume utilizator').fill('vera');
      await page.getByLabel('Parolă').fill(PW);
      await page.getByRole('button', { name: 'Intră' }).click();
      await page.getByTestId('hq-home').waitFor();
      expect(await page.getByTestId('who').textContent()).toBe('vera · verificator');
      const nav = page.getByRole('navigation');
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Acasă', 'Starea documentelor']);

      await page.getByTestId('language').selectOption('en');
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Home', 'Document status']);
      await nav.getByRole('link', { name: 'Document status' }).click();
      await page.getByLabel('Document number').fill('rt0000041');
      await page.getByRole('button', { name: 'Check' }).click();
      const status = page.getByTestId('document-status');
      await status.waitFor();
      expect(await status.getAttribute('data-status')).toBe('valid');
      expect(await status.textContent()).toContain('site-ro-gl / st-01');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // A page of another role's (a direct link) says so instead of showing it.
      await hq.ctx.accounts.add({ name: 'sam', role: 'supervisor', password: PW });
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByLabel('User name').fill('sam');
      await page.getByLabel('Password').fill(PW);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByTestId('hq-home').waitFor();
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Home', 'Fleet']);
      await page.goto('/documents');
      await page.getByTestId('forbidden').waitFor();
    } finally {
      await hq.stop();
    }
  }, 180_000);
});
