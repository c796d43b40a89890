import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Where a code is thrown: for the catalogue test's failure message. */
export interface ThrownCode {
  code: string;
  file: string;
}

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Every error code the sources throw with a literal: `new CardgateError('CODE', …)`, and the
 * first argument of a file-local helper that builds one from its `code` parameter (as
 * `const bad = (code: string, …) => new CardgateError(code, …)`). `new ConfigError(…)` is
 * CONFIG_INVALID. Codes built at run time (a device error's prefix + its own code) are
 * checked by the catalogue test against the drivers' code lists instead.
 */
export function thrownCodes(root: string, dirs: string[]): ThrownCode[] {
  const found: ThrownCode[] = [];
  for (const dir of dirs) {
    for (const path of tsFiles(join(root, dir))) {
      const src = readFileSync(path, 'utf8');
      const file = relative(root, path);
      const callees = ['new\\s+CardgateError'];
      for (const m of src.matchAll(
        /(?:const|function)\s+(\w+)\s*=?\s*\(\s*(\w+)\s*:\s*string[^)]*\)[^{=]*(?:=>|\{)[^;]*?new\s+CardgateError\(\s*(\w+)\s*,/g,
      )) {
        if (m[2] === m[3]) callees.push(m[1]!);
      }
      const call = new RegExp(`(?:${callees.join('|')})\\(\\s*'([^']+)'`, 'g');
      for (const m of src.matchAll(call)) if (CODE.test(m[1]!)) found.push({ code: m[1]!, file });
      if (/new\s+ConfigError\(/.test(src)) found.push({ code: 'CONFIG_INVALID', file });
    }
  }
  return found;
}
