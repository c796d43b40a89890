import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The appliance pages. No framework plugin: Vite 8 transforms JSX with oxc, told here to use
 * Preact's automatic runtime. Each role's page is a lazy chunk, so the operator never downloads
 * the technician's diagnostics.
 */
export default defineConfig(({ command }) => ({
  root: here,
  base: '/',
  publicDir: false,
  oxc: {
    // Production builds use the plain runtime: no source paths or line numbers in the bundle.
    jsx: { runtime: 'automatic', importSource: 'preact', development: command === 'serve' },
  },
  build: {
    outDir: join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    // Read by scripts/bench/ui.bench.ts to size exactly what the operator page loads.
    manifest: true,
    chunkSizeWarningLimit: 200,
    // One page per entry: the station's shell, the verify page (no login, its own bundle), the
    // kiosk pages (applicant, info, queue; no login) and the headquarters' shell (`cardgate hq`).
    rollupOptions: {
      input: {
        index: join(here, 'index.html'),
        verify: join(here, 'verify.html'),
        kiosk: join(here, 'kiosk.html'),
        hq: join(here, 'hq.html'),
      },
    },
  },
  server: {
    // `npx tsx appliance-ui/dev/mock-api.ts` answers the API during UI development.
    proxy: { '/api': 'http://127.0.0.1:5180' },
  },
}));
