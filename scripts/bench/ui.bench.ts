/**
 * Appliance UI: what the operator page costs. Bundle size gzipped (exactly the files the
 * operator page loads, from Vite's manifest) and load-to-interactive in Chromium against the
 * real station on this machine (cold cache and warm).
 *   npm run bench ui
 */
import { launchBrowser } from '../../tests/helpers/browser.js';
import { median, percentile, type BenchRow } from './row.js';
import { buildUi, startBenchStation } from './ui-kit.js';

const RUNS = 10;

export async function run(): Promise<BenchRow[]> {
  const ui = buildUi();
  const operatorBytes = ui.pageBytes('index.html', ['src/pages/operator/issue-page.tsx']);
  const allBytes = ui.allBytes('index.html');
  const station = await startBenchStation({
    users: [{ name: 'bench', role: 'operator', password: 'bench-password-1' }],
  });
  const b = {
    url: station.url,
    browser: await launchBrowser({ baseURL: station.url, locale: 'en-GB' }).catch(async (e: unknown) => {
      await station.stop();
      throw e;
    }),
  };
  try {
    const { page, context } = b.browser;
    const login = await page.request.post(`${b.url}/api/v1/session`, {
      data: { name: 'bench', password: 'bench-password-1' },
    });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');

    // Interactive: the first field of the issuing form can take input (navigation start = 0).
    const loadOnce = async (): Promise<number> => {
      await page.goto(`${b.url}/issue`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        () => {
          const el = document.getElementById('f-surname') as HTMLInputElement | null;
          return el && !el.disabled ? performance.now() : null;
        },
        undefined,
        { polling: 'raf', timeout: 15_000 },
      );
      return (await handle.jsonValue()) as number;
    };
    const cold: number[] = [];
    const warm: number[] = [];
    await loadOnce(); // first start of the page code paths in the station (JIT), not measured
    for (let i = 0; i < RUNS; i++) {
      await cdp.send('Network.clearBrowserCache');
      cold.push(await loadOnce());
      warm.push(await loadOnce());
    }
    return [
      {
        name: 'operator page bundle (gzip, all files it loads)',
        value: Math.round(operatorBytes / 102.4) / 10,
        unit: 'KB',
        goal: '< 100 KB',
      },
      { name: 'all pages bundle (gzip)', value: Math.round(allBytes / 102.4) / 10, unit: 'KB' },
      {
        name: 'operator page load to interactive, cold cache (median)',
        value: median(cold),
        unit: 'ms',
        goal: '< 1000 ms',
      },
      {
        name: 'operator page load to interactive, cold cache (p95)',
        value: percentile(cold, 95),
        unit: 'ms',
      },
      {
        name: 'operator page load to interactive, warm cache (median)',
        value: median(warm),
        unit: 'ms',
        goal: '< 1000 ms',
        note: `${RUNS} runs each, Chromium headless, station on 127.0.0.1`,
      },
    ];
  } finally {
    await b.browser.close();
    await station.stop();
  }
}
