/**
 * `npm run bench keys`: signatures per second through the key store, SoftHSM2 over PKCS#11 (the
 * production code path: pkcs11js, a logged-in session, SHA-256 here + CKM_ECDSA in the token)
 * against the development file store, plus data-key unwraps (the keyring at start). Each figure
 * is the median of five one-second runs, signing one after another (the station signs one card
 * at a time: a seal and a security object).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKeyStore } from '../../gateway/keys/open-key-store.js';
import type { KeyStore } from '../../gateway/keys/key-store.js';
import { calibrationRow, median, type BenchRow } from './row.js';

const MODULE = '/usr/lib/softhsm/libsofthsm2.so';

async function perSecond(op: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    let n = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < 1_000_000_000n) {
      await op();
      n++;
      elapsed = process.hrtime.bigint() - start;
    }
    runs.push(n / (Number(elapsed) / 1e9));
  }
  return median(runs);
}

async function measure(store: KeyStore, label: string): Promise<BenchRow[]> {
  const data = new Uint8Array(300).fill(7); // a seal's header + message is ~200–300 bytes
  await store.createSigningKey('bench-signer');
  await store.createWrappingKey('bench-kek');
  const wrapped = await store.wrap('bench-kek', new Uint8Array(32).fill(1));
  return [
    {
      name: `${label}: ECDSA P-256 signatures per second (sign(), one at a time)`,
      value: await perSecond(() => store.sign('bench-signer', data)),
      unit: 'sig/s',
    },
    {
      name: `${label}: data-key unwraps per second (AES-256-GCM under the KEK)`,
      value: await perSecond(() => store.unwrap('bench-kek', wrapped)),
      unit: 'op/s',
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-bench-keys-'));
  const rows: BenchRow[] = [calibrationRow()];
  try {
    rows.push(...(await measure(await openKeyStore({}, { dataDir: join(dir, 'file') }), 'file store')));
    if (!existsSync(MODULE)) {
      rows.push({ name: 'SoftHSM2', value: NaN, unit: '', note: `${MODULE} missing: install softhsm2` });
      return rows;
    }
    mkdirSync(join(dir, 'tokens'));
    const conf = join(dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\n`);
    process.env.SOFTHSM2_CONF = conf;
    execFileSync(
      'softhsm2-util',
      ['--init-token', '--free', '--label', 'bench', '--so-pin', '87654321', '--pin', '12345678'],
      {
        stdio: 'ignore',
      },
    );
    writeFileSync(join(dir, 'pin'), '12345678\n', { mode: 0o600 });
    const token = await openKeyStore(
      { keyStore: { kind: 'pkcs11', module: MODULE, tokenLabel: 'bench', pinFile: join(dir, 'pin') } },
      { dataDir: dir },
    );
    rows.push(...(await measure(token, 'SoftHSM2 over PKCS#11')));
    await token.close();
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
