import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from './temp-dir.js';
import type { KeyStoreConfig } from '../../gateway/config/sections/key-store.js';

const run = promisify(execFile);

/** Debian's SoftHSM2 PKCS#11 module (the probe in tests/helpers/system.ts checks it). */
export const SOFTHSM2_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  label: string;
  pin: string;
  /** A 0600 file holding the user PIN, as production reads it. */
  pinFile: string;
  /** `security.keyStore` for this token. */
  config: KeyStoreConfig;
  /** Moves the token's folder away: the module sees the token pulled out. */
  remove(): void;
  /** Puts it back. */
  restore(): void;
}

export interface SoftHsm {
  dir: string;
  /** SOFTHSM2_CONF of this scratch instance. */
  conf: string;
  tokenDir: string;
  module: string;
  /** Initialises one more token (its own label and PIN) in the same token folder. */
  addToken(label: string, pin?: string): Promise<SoftHsmToken>;
}

/**
 * A scratch SoftHSM2: a temp token folder, a config file naming it, and SOFTHSM2_CONF set for this
 * process (SoftHSM2 reads it at C_Initialize, once per process: a test file uses one instance).
 * Tokens are initialised with softhsm2-util as a technician would (docs/keys.md); the stores under
 * test then talk to them through the same PKCS#11 path as production.
 */
export function startSoftHsm(): SoftHsm {
  const dir = makeTempDir('cardgate-softhsm-');
  const tokenDir = join(dir, 'tokens');
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n`,
  );
  mkdirSync(tokenDir, { recursive: true });
  process.env.SOFTHSM2_CONF = conf;
  return {
    dir,
    conf,
    tokenDir,
    module: SOFTHSM2_MODULE,
    async addToken(label, pin = '4321-' + label) {
      const before = new Set(readdirSync(tokenDir));
      await run(
        'softhsm2-util',
        ['--init-token', '--free', '--label', label, '--so-pin', `so-${pin}`, '--pin', pin],
        { env: { ...process.env, SOFTHSM2_CONF: conf } },
      );
      const folder = readdirSync(tokenDir).find((f) => !before.has(f));
      if (!folder) throw new Error(`softhsm2-util made no token folder for ${label}`);
      const pinFile = join(dir, `${label}.pin`);
      writeFileSync(pinFile, `${pin}\n`, { mode: 0o600 });
      const here = join(tokenDir, folder);
      const away = join(dir, `${folder}.removed`);
      return {
        label,
        pin,
        pinFile,
        config: {
          kind: 'pkcs11',
          module: SOFTHSM2_MODULE,
          tokenLabel: label,
          pinFile,
          pinCredential: 'cardgate-token-pin',
          checkSeconds: 5,
        },
        remove: () => renameSync(here, away),
        restore: () => renameSync(away, here),
      };
    },
  };
}
