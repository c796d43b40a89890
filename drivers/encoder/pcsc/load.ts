import { createRequire } from 'node:module';
import type { PcscFactory } from './types.js';

export type PcscLoad = { ok: true; factory: PcscFactory } | { ok: false; reason: string };

/**
 * Loads the native `pcsclite` binding. A missing or unbuilt addon (no libpcsclite on the
 * machine) is not fatal: the encoder then reports PCSC_UNAVAILABLE with this reason.
 */
export function loadPcsclite(moduleName = 'pcsclite'): PcscLoad {
  try {
    const require = createRequire(import.meta.url);
    const factory = require(moduleName) as PcscFactory;
    if (typeof factory !== 'function') return { ok: false, reason: 'pcsclite module has no factory' };
    return { ok: true, factory };
  } catch (e) {
    // npm leaves the optional package out when its native build fails (no libpcsclite-dev), or
    // the addon is there but libpcsclite.so is not: the same fix either way.
    const missing =
      (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND'
        ? 'pcsclite package absent'
        : (e as Error).message;
    return {
      ok: false,
      reason: `PC/SC library not installed: run scripts/install-system-deps, then npm ci (${missing})`,
    };
  }
}
