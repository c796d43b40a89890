#!/usr/bin/env node
// The one `cardgate` command. Runs, in order of preference:
//  1. dist/cardgate.cjs, the one-file bundle of the CLI (scripts/bundle.js), with compiled code
//     kept between runs: the station then starts without resolving and compiling ~1,600 module
//     files, which was most of its start time. On Node >= 22.1 Node keeps that code itself
//     (module.enableCompileCache(), cache in dist/.compile-cache, filled by the first start); on
//     Node 20, which has no such API, runBundle() below loads the bundle through vm.Script with
//     the V8 code cache the build wrote next to it (scripts/warm-code-cache.js). That loader is
//     the Node 20 path only: remove it with Node 20 support;
//  2. dist/gateway/cli/main.js, the compiled modules (a build without the bundle);
//  3. the TypeScript sources through tsx, so a checkout without a build never runs stale code.
// CARDGATE_FROM_SOURCE=1 forces 3; CARDGATE_CODE_CACHE_REPORT=1 says on stderr whether V8 took the
// cache (Node 20) or the compile cache is on (Node >= 22.1).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import module, { createRequire, Module } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cardgate.cjs');
const compiled = join(root, 'dist', 'gateway', 'cli', 'main.js');
const fromSource = Boolean(process.env.CARDGATE_FROM_SOURCE);

// CARDGATE_CODE_CACHE_OUT (the build writing the Node 20 cache) needs the vm.Script loader.
const compileCache = typeof module.enableCompileCache === 'function' && !process.env.CARDGATE_CODE_CACHE_OUT;

if (!fromSource && existsSync(bundle) && compileCache) {
  const { status, directory } = module.enableCompileCache(join(root, 'dist', '.compile-cache'));
  if (process.env.CARDGATE_CODE_CACHE_REPORT) {
    const name = Object.keys(module.constants.compileCacheStatus).find(
      (k) => module.constants.compileCacheStatus[k] === status,
    );
    process.stderr.write(`cardgate: compile cache ${String(name).toLowerCase()} ${directory ?? ''}\n`);
  }
  createRequire(import.meta.url)(bundle);
} else if (!fromSource && existsSync(bundle)) {
  runBundle(bundle, `${bundle}.cache`);
} else if (!fromSource && existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'gateway', 'cli', 'main.ts')).href);
}

/**
 * Node 20 only (no module.enableCompileCache). Loads a CommonJS file as `require` would, but through vm.Script so V8 can take compiled code
 * from `cacheFile`. A cache from another build or Node version is rejected by V8 and the file is
 * simply compiled. CARDGATE_CODE_CACHE_OUT=<file> writes a fresh cache when the process exits
 * (after whatever it ran, so functions compiled on the way are in it).
 */
function runBundle(file, cacheFile) {
  const source = readFileSync(file, 'utf8');
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (process.env.CARDGATE_CODE_CACHE_REPORT) {
    const state = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
    process.stderr.write(`cardgate: code cache ${state}\n`);
  }
  const out = process.env.CARDGATE_CODE_CACHE_OUT;
  if (out) process.once('exit', () => writeFileSync(out, script.createCachedData()));
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  const wrapper = script.runInThisContext();
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
}
