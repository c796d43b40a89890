/**
 * The kiosk pages' budgets (issue 18): /info and /applicant interactive in under 1 s and under
 * 150 KB gzipped excluding fonts and audio. Sizes from Vite's manifest (the kiosk entry and the
 * page's chunk with their static imports and CSS; font files are loaded per script only when
 * used and are not counted); load-to-interactive in Chromium against the real station, cold
 * cache, median of 10.
 *   npm run bench kiosk
 */
import { launchBrowser } from '../../tests/helpers/browser.js';
import { calibrationRow, median, type BenchRow } from './row.js';
import { buildUi, startBenchStation } from './ui-kit.js';

const RUNS = 10;

export async function run(): Promise<BenchRow[]> {
  const ui = buildUi();
  const infoBytes = ui.pageBytes('kiosk.html', ['src/info/info-page.tsx']);
  const applicantBytes = ui.pageBytes('kiosk.html', ['src/applicant/applicant-page.tsx']);
  const station = await startBenchStation();
  try {
    const { url } = station;
    const b = await launchBrowser({ baseURL: url });
    try {
      const cdp = await b.context.newCDPSession(b.page);
      await cdp.send('Network.enable');
      const load = async (path: string, ready: string): Promise<number> => {
        await cdp.send('Network.clearBrowserCache');
        await b.page.goto(`${url}${path}`, { waitUntil: 'commit' });
        const h = await b.page.waitForFunction(
          (sel) => (document.querySelector(sel) ? performance.now() : null),
          ready,
          { polling: 'raf', timeout: 15_000 },
        );
        return (await h.jsonValue()) as number;
      };
      await load('/info', 'button[data-lang="en"]');
      const info: number[] = [];
      const applicant: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        info.push(await load('/info', 'button[data-lang="en"]'));
        applicant.push(await load('/applicant', 'input[name=code]'));
      }
      return [
        {
          name: '/info bundle (gzip, excluding fonts)',
          value: Math.round(infoBytes / 102.4) / 10,
          unit: 'KB',
          goal: '< 150',
        },
        {
          name: '/applicant bundle (gzip, excluding fonts)',
          value: Math.round(applicantBytes / 102.4) / 10,
          unit: 'KB',
          goal: '< 150',
        },
        {
          name: '/info interactive, cold cache (median of 10)',
          value: Math.round(median(info)),
          unit: 'ms',
          goal: '< 1000',
        },
        {
          name: '/applicant interactive, cold cache (median of 10)',
          value: Math.round(median(applicant)),
          unit: 'ms',
          goal: '< 1000',
        },
        calibrationRow(),
      ];
    } finally {
      await b.close();
    }
  } finally {
    await station.stop();
  }
}
