import { createRequire } from 'node:module';
import { CardgateError } from '../../core/errors.js';
import type { Pkcs11Binding } from './binding-types.js';

export type { Pkcs11Binding } from './binding-types.js';

let cached: Pkcs11Binding | Error | undefined;

/**
 * pkcs11js is an optional native dependency (it builds with a compiler at `npm ci`; a bare
 * machine without one still installs cardgate). It is loaded the first time a token is used, and
 * its absence is a clear KEY_STORE_UNAVAILABLE, not a crash at import.
 */
export function loadPkcs11Binding(): Pkcs11Binding {
  if (cached === undefined) {
    try {
      cached = createRequire(import.meta.url)('pkcs11js') as Pkcs11Binding;
    } catch (e) {
      cached = e as Error;
    }
  }
  if (cached instanceof Error)
    throw new CardgateError(
      'KEY_STORE_UNAVAILABLE',
      `the PKCS#11 binding (pkcs11js) is not installed: ${cached.message.split('\n')[0]}`,
      {
        details: {
          reason: 'binding-missing',
          fix: 'install a C++ compiler and run npm ci again so the optional pkcs11js binding builds',
        },
        cause: cached,
      },
    );
  return cached;
}
