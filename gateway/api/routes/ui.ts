import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StationComponent } from '../../station.js';

export interface UiRoutesOptions {
  /** Built pages (`npm run build:ui`); defaults to appliance-ui/dist of this checkout. */
  distDir?: string;
  /** Station default language (config.station.locale), written into `<html lang>` for the pages. */
  locale?: 'ro' | 'en';
  /** Training mode: written as `<html data-mode="training">`, so every page shows the banner. */
  training?: boolean;
  /** The shell every page path answers: `index.html` (the station), `hq.html` (headquarters). */
  indexFile?: string;
}

/**
 * appliance-ui/dist of this installation: found by walking up from this file, which runs from
 * the sources (gateway/api/routes) or from the build (dist/gateway/api/routes).
 */
export function defaultUiDistDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 6; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'appliance-ui'))) {
      return join(dir, 'appliance-ui', 'dist');
    }
  }
  return join(here, '..', '..', '..', 'appliance-ui', 'dist');
}

// The pages load nothing from elsewhere: no CDN, no inline script; photos are data:/blob: URLs.
const csp = (script: string) =>
  [
    "default-src 'self'",
    `script-src ${script}`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
const CSP = csp("'self'");
/** The verify page reads barcodes with zxing's WebAssembly, which needs compiling (no eval of scripts). */
export const VERIFY_CSP = csp("'self' 'wasm-unsafe-eval'");

/** Pages with their own entry (no station login needed), by path. */
const STANDALONE_PAGES: Readonly<Record<string, string>> = { verify: 'verify.html' };

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cardgate: pages not built</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto">
<h1>The station pages are not built</h1>
<p>The gateway is running, but <code>appliance-ui/dist</code> is missing. Build the pages with</p>
<pre>npm run build:ui</pre>
<p>then reload this page. The API under <code>/api/v1</code> works meanwhile.</p>
<p lang="ro">Paginile stației nu sunt construite: rulați <code>npm run build:ui</code> și reîncărcați.</p>
</body></html>`;

function security(reply: FastifyReply, policy = CSP): FastifyReply {
  return reply
    .header('content-security-policy', policy)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

/**
 * Serves the appliance pages at `/` (register WITHOUT the /api/v1 prefix): hashed assets with a
 * long cache, every other page path answers index.html (the pages route with the History API).
 * Paths under /api/ that no API route took still get the server's normal 404.
 */
export const uiRoutes: FastifyPluginAsync<UiRoutesOptions> = async (app, opts) => {
  const dist = opts.distDir ?? defaultUiDistDir();
  const locale = opts.locale ?? 'ro';
  const indexFile = join(dist, opts.indexFile ?? 'index.html');
  // The applicant screen, information point and waiting room are a separate, login-free entry.
  const kioskFile = join(dist, 'kiosk.html');
  // (station only: HQ serves its own shell)
  const isKiosk = (path: string) =>
    opts.indexFile === undefined && /^(applicant|info|queue)(\/|$)/.test(path);

  await app.register(fastifyStatic, { root: dist, serve: false, decorateReply: true });

  const page = async (reply: FastifyReply, file = indexFile, policy = CSP) => {
    if (!existsSync(file)) {
      return security(reply)
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT);
    }
    const mode = opts.training ? ' data-mode="training"' : '';
    const html = (await readFile(file, 'utf8')).replace(
      /<html lang="[a-z]+"/,
      `<html lang="${locale}"${mode}`,
    );
    return security(reply, policy)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html);
  };

  app.get('/', { config: { access: 'public' } }, async (_req, reply) => page(reply));

  app.get<{ Params: { '*': string } }>('/*', { config: { access: 'public' } }, async (req, reply) => {
    const path = req.params['*'];
    if (path === 'api' || path.startsWith('api/')) return reply.callNotFound();
    const standalone = STANDALONE_PAGES[path];
    if (standalone) return page(reply, join(dist, standalone), VERIFY_CSP);
    if (extname(path) === '') return page(reply, isKiosk(path) ? kioskFile : indexFile);
    if (!existsSync(indexFile)) return page(reply);
    const immutable = path.startsWith('assets/');
    // send() refuses paths that leave the root (../), answering 403/404 itself.
    return security(reply).sendFile(path, {
      maxAge: immutable ? 365 * 24 * 3600 * 1000 : 0,
      immutable,
      cacheControl: true,
    });
  });
};

/**
 * The station component that serves the pages (started by gateway/composition.ts). Registered at
 * the root, not under /api/v1.
 */
export function uiStationComponent(opts: { distDir?: string } = {}): StationComponent {
  return {
    name: 'ui',
    async start(ctx) {
      await ctx.api.register(uiRoutes, {
        locale: ctx.config.station.locale,
        training: ctx.config.station.training,
        ...(opts.distDir ? { distDir: opts.distDir } : {}),
      });
    },
    stop() {},
    // Pages missing is not a reason to refuse issuing: the API works and `/` says what to run.
    ready: () => true,
  };
}
