import { createRequire } from 'node:module';
import type { PcscFactory } from './types.js';

export type PcscLoad = { ok: true; factory: PcscFactory } | { ok: false; reason: string };

/**
 * Loads the native `pcsclite` binding. A missing or unbuilt addon (no libpcsclite on the
 * machine) is not fatal: the encoder then reports PCSC_UNAVAILABLE with this reason.
 */
export function loadPcsclite(): PcscLoad {
  try {
    const require = createRequire(import.meta.url);
    const factory = require('pcsclite') as PcscFactory;
    if (typeof factory !== 'function') return { ok: false, reason: 'pcsclite module has no factory' };
    return { ok: true, factory };
  } catch (e) {
    return { ok: false, reason: `pcsclite binding not loadable: ${(e as Error).message}` };
  }
}
