/**
 * The fleet page in a real Chromium against a real `cardgate hq` whose database holds 5,000
 * stations (the database path's): from navigation to the overview table's first rows and the
 * station count shown, cold (new page each time), as a supervisor sees it.
 */
import { launchBrowser } from '../../tests/helpers/browser.js';
import { runCli, startCli } from '../../tests/helpers/processes.js';
import { makeTempDir } from '../../tests/helpers/temp-dir.js';
import { buildUi } from './ui-kit.js';
import { median, percentile } from './row.js';

export async function fleetPageRender(
  dbUrl: string,
): Promise<{ medianMs: number; p95Ms: number; shown: string }> {
  buildUi();
  const dir = makeTempDir('cardgate-bench-fleet-page-');
  const pw = 'bench supervisor password 1';
  const added = await runCli([
    'hq',
    'user',
    'add',
    '--db',
    dbUrl,
    '--data-dir',
    dir,
    '-n',
    'sam',
    '-r',
    'supervisor',
    '-p',
    pw,
  ]);
  if (added.code !== 0) throw new Error(`hq user add: ${added.stderr}`);
  const hq = startCli(['hq', '--db', dbUrl, '--data-dir', dir, '--http', '--port', '0'], {
    env: { CARDGATE_LOG_LEVEL: 'warn' },
  });
  try {
    const [, url] = await hq.waitForOutput(/cardgate hq: listening on (\S+)/, 180_000);
    const browser = await launchBrowser({ baseURL: url!, locale: 'en-GB' });
    try {
      const page = browser.page;
      await page.goto('/');
      await page.getByLabel('Nume utilizator').fill('sam');
      await page.getByLabel('Parolă').fill(pw);
      await page.getByRole('button', { name: 'Intră' }).click();
      await page.getByTestId('hq-home').waitFor();
      const times: number[] = [];
      let shown = '';
      for (let i = 0; i < 12; i++) {
        const p = await page.context().newPage();
        const t = performance.now();
        await p.goto('/fleet');
        await p.locator('[data-testid=fleet-table] tbody tr').first().waitFor();
        shown = (await p.getByTestId('fleet-count').textContent()) ?? '';
        if (i >= 2) times.push(performance.now() - t);
        await p.close();
      }
      return { medianMs: median(times), p95Ms: percentile(times, 95), shown };
    } finally {
      await browser.close();
    }
  } finally {
    await hq.stop();
  }
}
