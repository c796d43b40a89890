import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './processes.js';

/** The project's test face for the fake webcam (engineer D's fixture). */
export const FACE_Y4M = join(projectRoot, 'tests', 'fixtures', 'face.y4m');

/**
 * A .y4m to feed Chromium's fake webcam: the project's face when it exists, otherwise one made
 * with ffmpeg from a face picture in tests/fixtures (or a test pattern) in a temp dir.
 */
export function fakeWebcamFile(workDir: string): string {
  if (existsSync(FACE_Y4M)) return FACE_Y4M;
  const fixtures = join(projectRoot, 'tests', 'fixtures');
  const picture = existsSync(fixtures)
    ? readdirSync(fixtures).find((f) => /face.*\.(png|jpe?g)$/i.test(f) || /photo.*\.(png|jpe?g)$/i.test(f))
    : undefined;
  const out = join(workDir, 'face.y4m');
  const input = picture ? ['-i', join(fixtures, picture)] : ['-f', 'lavfi', '-i', 'testsrc2=size=640x480'];
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    ...input,
    '-vf',
    'scale=640:-2,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white,format=yuv420p',
    '-frames:v',
    '1',
    out,
  ]);
  return out;
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/**
 * Debian's Chromium through playwright-core, headless, fresh profile, fake webcam fed with the
 * test face. One context at 1366 × 768 (the station screen) for screenshots.
 */
export async function launchBrowser(
  opts: {
    baseURL?: string;
    locale?: string;
    stepTimeoutMs?: number;
    /** A .y4m the fake webcam shows instead of the test face (e.g. a printed card). */
    video?: string;
  } = {},
): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'cardgate-chromium-'));
  const video = opts.video ?? fakeWebcamFile(profile);
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ];
  // A persistent context on a fresh profile dir: playwright passes --user-data-dir itself.
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>>;
  try {
    context = await chromium.launchPersistentContext(join(profile, 'profile'), {
      executablePath: '/usr/bin/chromium',
      args,
      headless: true,
      timeout: 60_000,
      viewport: { width: 1366, height: 768 },
      baseURL: opts.baseURL,
      locale: opts.locale ?? 'en-GB',
      permissions: ['camera'],
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  // Fail a step within seconds with the locator named, rather than the whole test timing out.
  context.setDefaultTimeout(opts.stepTimeoutMs ?? 10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; returns violations of serious or critical impact. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(join(projectRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<unknown> } })
      .axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
}

export const SCREENSHOT_DIR = join(projectRoot, 'test-results', 'screenshots');
export const DOC_SCREENSHOT_DIR = join(projectRoot, 'docs', 'screenshots');

/**
 * A 1366 × 768 screenshot kept as a test artefact. With CARDGATE_UPDATE_SCREENSHOTS=1 it is also
 * copied into docs/screenshots for the README, so an ordinary test run leaves the tree clean.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  const buf = await page.screenshot({ path: file, fullPage: false });
  if (process.env.CARDGATE_UPDATE_SCREENSHOTS === '1') {
    await mkdir(DOC_SCREENSHOT_DIR, { recursive: true });
    await import('node:fs/promises').then((fs) => fs.writeFile(join(DOC_SCREENSHOT_DIR, `${name}.png`), buf));
  }
  return file;
}
