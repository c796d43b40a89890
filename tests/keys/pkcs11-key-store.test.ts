import { execFile } from 'node:child_process';
import { verify } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openKeyStore } from '../../gateway/keys/open-key-store.js';
import type { KeyStore } from '../../gateway/keys/key-store.js';
import { startSoftHsm, type SoftHsm, type SoftHsmToken } from '../helpers/softhsm.js';
import { describeWithSystem } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);

describeWithSystem(['softhsm2'], 'PKCS#11 key store against SoftHSM2', () => {
  let hsm: SoftHsm;
  let token: SoftHsmToken;
  let store: KeyStore;
  const dataDir = makeTempDir('cardgate-p11-');
  const open: KeyStore[] = [];
  const openStore = async (
    config: SoftHsmToken['config'],
    env: NodeJS.ProcessEnv = {},
  ): Promise<KeyStore> => {
    const s = await openKeyStore({ keyStore: config }, { dataDir, env });
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    hsm = startSoftHsm();
    token = await hsm.addToken('station-a');
    store = await openStore(token.config);
  });
  afterAll(async () => {
    for (const s of open) await s.close();
  });

  it('signs with a P-256 key generated in the token; the signature verifies as ES256 (raw r‖s)', async () => {
    const pub = await store.createSigningKey('doc-signer');
    expect(pub.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const data = Buffer.from('header and message of a seal');
    const sig = await store.sign('doc-signer', data);
    expect(sig.length).toBe(64);
    expect(verify('sha256', data, { key: pub, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    expect(verify('sha256', Buffer.from('other'), { key: pub, dsaEncoding: 'ieee-p1363' }, sig)).toBe(false);
    expect((await store.publicKey('doc-signer')).export({ format: 'jwk' })).toEqual(
      pub.export({ format: 'jwk' }),
    );
    await expect(store.createSigningKey('doc-signer')).rejects.toMatchObject({ code: 'KEY_EXISTS' });
    await expect(store.sign('no-such-key', data)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    expect(await store.has('doc-signer')).toBe(true);
    expect(await store.has('no-such-key')).toBe(false);
  });

  it('keeps the private key sensitive and never extractable (pkcs11-tool reads the attributes)', async () => {
    await store.createWrappingKey('attr-kek');
    const { stdout } = await run(
      'pkcs11-tool',
      ['--module', hsm.module, '--token-label', token.label, '--login', '--pin', token.pin, '--list-objects'],
      { env: { ...process.env, SOFTHSM2_CONF: hsm.conf } },
    );
    const priv = stdout
      .split(/\n(?=\S)/)
      .find((b) => b.startsWith('Private Key') && b.includes('doc-signer'));
    expect(priv).toMatch(/Access:.*sensitive/);
    expect(priv).toMatch(/never extractable/);
    const kek = stdout.split(/\n(?=\S)/).find((b) => b.startsWith('Secret Key') && b.includes('attr-kek'));
    expect(kek).toMatch(/never extractable/);
  });

  it('wraps a data key under an AES key in the token; tampering or another token fails to unwrap', async () => {
    await store.createWrappingKey('data-kek');
    const secret = new Uint8Array(32).fill(7);
    const wrapped = await store.wrap('data-kek', secret);
    expect(Buffer.from(wrapped).includes(Buffer.from(secret))).toBe(false);
    expect(Buffer.from(await store.unwrap('data-kek', wrapped))).toEqual(Buffer.from(secret));
    const tampered = Uint8Array.from(wrapped);
    tampered[20]! ^= 1;
    await expect(store.unwrap('data-kek', tampered)).rejects.toMatchObject({ code: 'KEY_UNWRAP_FAILED' });
    // The store still works after a failed unwrap.
    expect(Buffer.from(await store.unwrap('data-kek', wrapped))).toEqual(Buffer.from(secret));

    const other = await openStore((await hsm.addToken('station-b')).config);
    await other.createWrappingKey('data-kek');
    await expect(other.unwrap('data-kek', wrapped)).rejects.toMatchObject({ code: 'KEY_UNWRAP_FAILED' });
    await store.destroy('data-kek');
    expect(await store.has('data-kek')).toBe(false);
  });

  it('a missing token is KEY_STORE_UNAVAILABLE with a fix, and is found without a restart once present', async () => {
    const later = await openStore({
      ...token.config,
      tokenLabel: 'plugged-later',
      pinFile: join(hsm.dir, 'plugged-later.pin'),
    });
    const err = await later.check().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'KEY_STORE_UNAVAILABLE', details: { reason: 'token-missing' } });
    expect((err as { details: { fix: string } }).details.fix).toContain('plugged-later');
    await hsm.addToken('plugged-later');
    await expect(later.check()).resolves.toBeUndefined();
    await later.createSigningKey('k');
    expect((await later.sign('k', Buffer.from('x'))).length).toBe(64);
  });

  it('a wrong PIN is refused once and not retried until the PIN file changes; the PIN is never in a message', async () => {
    const t = await hsm.addToken('pin-test', '1111');
    writeFileSync(t.pinFile, '9999\n', { mode: 0o600 });
    const s = await openStore(t.config);
    type Failure = Error & { details: unknown };
    const first = (await s.check().catch((e: unknown) => e)) as Failure;
    expect(first).toMatchObject({ code: 'KEY_STORE_UNAVAILABLE', details: { reason: 'pin-rejected' } });
    const second = (await s.check().catch((e: unknown) => e)) as Failure;
    expect(second.message).toContain('not tried again');
    for (const e of [first, second]) expect(JSON.stringify([e.message, e.details])).not.toMatch(/9999|1111/);
    writeFileSync(t.pinFile, '1111\n', { mode: 0o600 });
    await expect(s.check()).resolves.toBeUndefined();
  });

  it('reads the PIN from a 0600 file only, or from the systemd credential', async () => {
    const t = await hsm.addToken('pin-source', '2222');
    chmodSync(t.pinFile, 0o644);
    const loose = await openStore(t.config);
    await expect(loose.check()).rejects.toMatchObject({ details: { reason: 'pin-file-insecure' } });
    const creds = makeTempDir('cardgate-creds-');
    mkdirSync(creds, { recursive: true });
    writeFileSync(join(creds, 'cardgate-token-pin'), '2222', { mode: 0o600 });
    const { pinFile: _unused, ...noFile } = t.config;
    const viaCreds = await openStore(noFile, { CREDENTIALS_DIRECTORY: creds });
    await expect(viaCreds.check()).resolves.toBeUndefined();
    const none = await openStore(noFile, {});
    await expect(none.check()).rejects.toMatchObject({ details: { reason: 'pin-missing' } });
  });

  it('a token pulled out while running makes signing unavailable; put back, signing works again', async () => {
    const t = await hsm.addToken('pulled');
    const s = await openStore(t.config);
    await s.createSigningKey('signer');
    const pub = await s.publicKey('signer');
    t.remove();
    await expect(s.check()).rejects.toMatchObject({ code: 'KEY_STORE_UNAVAILABLE' });
    await expect(s.sign('signer', Buffer.from('a'))).rejects.toMatchObject({ code: 'KEY_STORE_UNAVAILABLE' });
    t.restore();
    const sig = await s.sign('signer', Buffer.from('a'));
    expect(verify('sha256', Buffer.from('a'), { key: pub, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    // The other stores on the same module reconnected too.
    expect((await store.sign('doc-signer', Buffer.from('b'))).length).toBe(64);
  });
});

describeWithSystem([], 'openKeyStore', () => {
  it('opens the file store by default and refuses to sign with it under security.requireToken', async () => {
    const dataDir = makeTempDir('cardgate-ks-');
    const dev = await openKeyStore({}, { dataDir });
    expect(dev).toMatchObject({ kind: 'file', development: true, location: join(dataDir, 'keys') });
    await dev.createSigningKey('s');
    const strict = await openKeyStore({ requireToken: true }, { dataDir });
    await expect(strict.sign('s', Buffer.from('x'))).rejects.toMatchObject({
      code: 'KEY_STORE_TOKEN_REQUIRED',
    });
    await expect(strict.check()).rejects.toMatchObject({ code: 'KEY_STORE_TOKEN_REQUIRED' });
    await strict.createWrappingKey('w');
    const w = await strict.wrap('w', new Uint8Array(32));
    expect((await strict.unwrap('w', w)).length).toBe(32);
  });

  it('refuses a pkcs11 store without module or token label', async () => {
    const dataDir = makeTempDir('cardgate-ks-');
    await expect(
      openKeyStore({ keyStore: { kind: 'pkcs11', tokenLabel: 't' } }, { dataDir }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    await expect(
      openKeyStore({ keyStore: { kind: 'pkcs11', module: '/usr/lib/softhsm/libsofthsm2.so' } }, { dataDir }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('a module that does not exist is KEY_STORE_UNAVAILABLE at use, not at open', async () => {
    const s = await openKeyStore(
      { keyStore: { kind: 'pkcs11', module: '/nonexistent/libp11.so', tokenLabel: 't', pinCredential: 'x' } },
      { dataDir: makeTempDir('cardgate-ks-') },
    );
    await expect(s.check()).rejects.toMatchObject({
      code: 'KEY_STORE_UNAVAILABLE',
      details: { reason: 'module-missing' },
    });
  });
});
