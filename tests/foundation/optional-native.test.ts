import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPcsclite } from '../../drivers/encoder/pcsc/load.js';
import { loadUsbModule } from '../../drivers/transport/usb.js';
import { TransportError } from '../../drivers/transport/types.js';
import { projectRoot } from '../helpers/processes.js';

/**
 * npm leaves an optional dependency out when its native build fails (pcsclite without
 * libpcsclite-dev). The station must then start and say what to install, never crash at import.
 */
describe('optional native packages', () => {
  it('a missing pcsclite is a reason naming the fix, not an exception', () => {
    const loaded = loadPcsclite('cardgate-test-absent-pcsclite');
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.reason).toMatch(
      /^PC\/SC library not installed: run scripts\/install-system-deps, then npm ci \(pcsclite package absent\)$/,
    );
  });

  it('a missing usb package is a typed TRANSPORT_USB_UNAVAILABLE error naming the fix', async () => {
    const err = await loadUsbModule('cardgate-test-absent-usb').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).catalogueCode).toBe('TRANSPORT_USB_UNAVAILABLE');
    expect((err as TransportError).message).toMatch(
      /^USB library not installed: run scripts\/install-system-deps/,
    );
  });

  it('no source file imports a native package at load time (only lazily, where it is used)', () => {
    const native = /^import\s+(?!type\b)[^;]*from\s+'(pcsclite|usb|serialport|@serialport\/bindings-cpp)'/m;
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|js)$/.test(e.name) && native.test(readFileSync(p, 'utf8')))
          offenders.push(relative(projectRoot, p));
      }
    };
    for (const d of ['gateway', 'drivers', 'firmware-bridge', 'bin']) walk(join(projectRoot, d));
    expect(offenders).toEqual([]);
  });
});
