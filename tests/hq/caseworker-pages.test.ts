import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, seriousAxeViolations, type TestBrowser } from '../helpers/browser.js';
import { embeddedTestDatabases } from '../helpers/hq-databases.js';
import { startTestHq } from '../helpers/hq.js';
import { FACE_JPEG_BASE64, sampleRecord } from '../helpers/issuance-record.js';
import { describeWithSystem } from '../helpers/system.js';
import { buildPages } from '../ui/station-fixture.js';

const PW = 'correct horse battery staple';

describeWithSystem(['chromium'], 'caseworker pages at HQ (Chromium)', () => {
  const open = embeddedTestDatabases();
  let browser: TestBrowser | undefined;
  beforeAll(() => buildPages(), 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('search by name with a reason, open a record with its photo and history, revoke it, and see the access log', async () => {
    const hq = await startTestHq(await open());
    try {
      await hq.ctx.accounts.add({ name: 'carla', role: 'caseworker', password: PW });
      const kept = sampleRecord({
        surname: 'Popescu',
        givenNames: 'Ion',
        number: 'RT0000051',
        jobId: '20261130-00000000b1',
      });
      const other = sampleRecord({
        surname: 'Ionescu',
        givenNames: 'Maria',
        number: 'RT0000052',
        jobId: '20261130-00000000b2',
      });
      await hq.ctx.registry.ingest({ site: 'site-ro-gl', station: 'st-01' }, kept);
      await hq.ctx.registry.ingest({ site: 'site-ro-gl', station: 'st-01' }, other);
      browser = await launchBrowser({ baseURL: hq.url, locale: 'en-GB' });
      const page = browser.page;
      page.on('dialog', (d) => void d.accept());
      await page.goto('/');
      await page.getByTestId('language').selectOption('en');
      await page.getByLabel('User name').fill('carla');
      await page.getByLabel('Password').fill(PW);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByTestId('hq-home').waitFor();
      await page.getByRole('navigation').getByRole('link', { name: 'Records' }).click();

      // Search: by name (as typed, any case), with the reason HQ audits.
      const form = page.getByTestId('cw-search');
      await form.getByLabel('Name (as in the MRZ or as written)').fill('ion popescu');
      await form.getByLabel('Reason').fill('case 4711: appeal hearing');
      await form.getByRole('button', { name: 'Search' }).click();
      const results = page.getByTestId('cw-results');
      await results.waitFor();
      expect(await results.getByTestId('cw-open').allTextContents()).toEqual(['RT0000051']);
      expect(await results.textContent()).toContain('Popescu, Ion');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // The record: status, photo as printed, data, history.
      await results.getByTestId('cw-open').click();
      const record = page.getByTestId('cw-record');
      await page.getByTestId('cw-status').waitFor();
      expect(await page.getByTestId('cw-status').getAttribute('data-status')).toBe('valid');
      expect(await page.getByTestId('cw-photo').getAttribute('src')).toBe(
        `data:image/jpeg;base64,${FACE_JPEG_BASE64}`,
      );
      expect(await record.locator('[data-field=surname]').textContent()).toBe('Popescu');
      expect(
        await page
          .getByTestId('cw-history')
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event'))),
      ).toEqual(['issued']);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Revoke with a reason (confirmed): the status, the history and HQ's registry change.
      await record.getByLabel('Reason for the change').fill('obtained with a false declaration');
      await page.getByTestId('cw-revoke').click();
      await expect.poll(() => page.getByTestId('cw-status').getAttribute('data-status')).toBe('revoked');
      await expect
        .poll(() =>
          page
            .getByTestId('cw-history')
            .locator('tbody tr')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event'))),
        )
        .toEqual(['issued', 'revoked']);
      expect((await hq.ctx.registry.document('RT0000051'))?.status).toBe('revoked');
      expect((await hq.ctx.registry.document('RT0000052'))?.status).toBe('valid');

      // The access log: the search's view, the record's view (with the reason), the revocation.
      const access = page.getByTestId('cw-access');
      await expect
        .poll(async () => (await access.locator('tbody tr').allTextContents()).join('\n'))
        .toMatch(/carla.*document\.revoke.*obtained with a false declaration/);
      const log = (await access.locator('tbody tr').allTextContents()).join('\n');
      expect(log).toMatch(/carla.*record\.view.*case 4711: appeal hearing/);
      // Romanian too.
      await page.getByTestId('language').selectOption('ro');
      await expect.poll(() => page.locator('#cw-access-h').textContent()).toBe('Jurnal de acces');
    } finally {
      await hq.stop();
    }
  }, 180_000);
});
