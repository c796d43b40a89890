#!/usr/bin/env node
// Bundles the CLI (entry gateway/cli/main.ts, TypeScript compiled by esbuild on the way) into one
// CommonJS file, dist/cardgate.cjs, which bin/cardgate.js runs when it exists (with Node's compile
// cache on Node >= 22.1, or the V8 code cache scripts/warm-code-cache.js writes on Node 20). Why: the station loads ~1,600 small module files from node_modules (typebox alone is
// ~700); resolving, reading and compiling them one by one was most of the time from
// `cardgate start` to the first answer. One file, loaded once, starts in a fraction of that.
//
// Packages that find files next to themselves at run time (native addons, wasm, static pages,
// worker scripts) stay outside the bundle and load from node_modules as usual.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'cardgate.cjs');

const EXTERNAL = [
  // native addons
  '@napi-rs/canvas',
  'pcsclite',
  'pkcs11js',
  'usb',
  'serialport',
  '@serialport/*',
  // files read from their own folder at run time
  '@fastify/swagger-ui',
  'zxing-wasm',
  'pino-pretty',
  // PGlite finds its .wasm/.data beside its own module (new URL(…, import.meta.url)); its CJS build
  // does so from its own folder, the bundled copy could not ("Invalid URL": HQ's embedded database)
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  // dev-only, never loaded by the station
  'tsx',
  'vite',
  'vitest',
];

// Our modules compute paths from their own location (assets/, appliance-ui/dist). Inside one
// bundle every import.meta.url would be the bundle's; point each at the compiled file it stands
// for (tsc's dist/ layout, where copy-build-assets puts the assets), so paths resolve as before.
const ownSources = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\/(gateway|drivers|firmware-bridge)\/.*\.ts$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      if (contents.includes('import.meta.url')) {
        const compiled = relative(dirname(outfile), join(root, 'dist', relative(root, args.path))).replace(
          /\.ts$/,
          '.js',
        );
        contents = contents.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify('./' + compiled)}, __cgBundleUrl).href`,
        );
      }
      return { contents, loader: 'ts' };
    });
  },
};

const started = performance.now();
const result = await build({
  entryPoints: [join(root, 'gateway', 'cli', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: EXTERNAL,
  plugins: [ownSources],
  // Every import() becomes require(): Node 20 loses vm.Script's dynamic-import callback for code
  // taken from a code cache (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), and every external this
  // bundle loads lazily (canvas, serialport, usb, pino-pretty, zxing-wasm) ships CommonJS.
  supported: { 'dynamic-import': false },
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  banner: { js: "const __cgBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const bytes = result.metafile.outputs[relative(root, outfile)]?.bytes ?? 0;
console.log(
  `bundle: dist/cardgate.cjs ${(bytes / 1024 / 1024).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms`,
);
