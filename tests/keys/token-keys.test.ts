import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { createPublicKey, verify } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadKeyring } from '../../gateway/crypto/keyring.js';
import { PersonalStore } from '../../gateway/crypto/personal-store.js';
import { loadDocumentSigner } from '../../gateway/document/seal/signer.js';
import { openKeyStore } from '../../gateway/keys/open-key-store.js';
import type { KeyStore } from '../../gateway/keys/key-store.js';
import { personalDataIn, type Person } from '../helpers/personal-data.js';
import { startSoftHsm, type SoftHsm, type SoftHsmToken } from '../helpers/softhsm.js';
import { describeWithSystem } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const person: Person & Record<string, string> = {
  surname: 'Zzyzxova',
  givenNames: 'Quintessa Marigold',
  dateOfBirth: '1987-03-14',
  personalCode: '2870314460019',
  placeOfResidence: 'Strada Vârtejului 17, Iași',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

describeWithSystem(['softhsm2'], 'station keys in a SoftHSM2 token', () => {
  let hsm: SoftHsm;
  let token: SoftHsmToken;
  const stores: KeyStore[] = [];
  const open = async (cfg: Parameters<typeof openKeyStore>[0], dataDir: string): Promise<KeyStore> => {
    const s = await openKeyStore(cfg, { dataDir, env: {} });
    stores.push(s);
    return s;
  };
  beforeAll(async () => {
    hsm = startSoftHsm();
    token = await hsm.addToken('station');
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('the document signer signs in the token; the development CSCA and DS are in the token, certificates on disk', async () => {
    const dataDir = makeTempDir('cardgate-tk-');
    const store = await open({ keyStore: token.config }, dataDir);
    const signer = await loadDocumentSigner({ dataDir, store });
    expect(signer.generated).toBe(true);
    const data = new TextEncoder().encode('security object');
    const sig = await signer.sign(data);
    const key = createPublicKey(signer.certificatePem);
    expect(verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    const ds = new X509Certificate(signer.certificatePem);
    const csca = new X509Certificate(signer.caCertificatePem!);
    expect(await ds.verify({ publicKey: csca.publicKey, signatureOnly: true })).toBe(true);
    expect(ds.subject).toContain('DEVELOPMENT ONLY');
    expect(await store.has('cardgate-csca')).toBe(true);
    // No private key anywhere in the data directory.
    for (const f of filesUnder(dataDir)) expect(readFileSync(f, 'utf8')).not.toContain('PRIVATE KEY');
    const again = await loadDocumentSigner({ dataDir, store });
    expect(again.certReference).toBe(signer.certReference);
  });

  it('data keys are wrapped by the token; a copied data directory cannot be opened or read elsewhere', async () => {
    const dataDir = makeTempDir('cardgate-tk-');
    const store = await open({ keyStore: token.config }, dataDir);
    const ring = await loadKeyring({ dataDir, env: {}, store });
    const personal = new PersonalStore(join(dataDir, 'personal'), ring);
    await personal.putJson('20261130-aaaaaaaaaa', person);
    expect(await personal.getJson('20261130-aaaaaaaaaa')).toEqual(person);
    const wrapped = JSON.parse(readFileSync(join(dataDir, 'keys', 'data-keys.json'), 'utf8'));
    expect(wrapped.store.kind).toBe('pkcs11');
    expect(statSync(join(dataDir, 'keys', 'data-keys.json')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, 'keys', 'cardgate-data-kek.kek'))).toBe(false);

    const copy = makeTempDir('cardgate-stolen-');
    cpSync(dataDir, copy, { recursive: true });
    for (const f of filesUnder(copy))
      expect(personalDataIn(readFileSync(f, 'latin1'), person), f).toEqual([]);
    // Another machine's token (same label, its own keys) and the file store both refuse to start.
    const elsewhere = await hsm.addToken('elsewhere');
    const other = await open({ keyStore: elsewhere.config }, copy);
    await expect(loadKeyring({ dataDir: copy, env: {}, store: other })).rejects.toMatchObject({
      code: 'DATA_KEYS_FOREIGN',
    });
    await expect(loadKeyring({ dataDir: copy, env: {} })).rejects.toMatchObject({
      code: 'DATA_KEYS_FOREIGN',
    });
  });

  it('with the token missing the data keys stay locked, and open when it is back', async () => {
    const t = await hsm.addToken('unplugged');
    const dataDir = makeTempDir('cardgate-tk-');
    const store = await open({ keyStore: t.config }, dataDir);
    const personal = new PersonalStore(
      join(dataDir, 'personal'),
      await loadKeyring({ dataDir, env: {}, store }),
    );
    await personal.putJson('20261130-bbbbbbbbbb', person);
    t.remove();
    const later = await open({ keyStore: t.config }, dataDir);
    const locked = new PersonalStore(
      join(dataDir, 'personal'),
      await loadKeyring({ dataDir, env: {}, store: later }),
    );
    await expect(locked.getJson('20261130-bbbbbbbbbb')).rejects.toMatchObject({
      code: 'KEY_STORE_UNAVAILABLE',
    });
    t.restore();
    expect(await locked.getJson('20261130-bbbbbbbbbb')).toEqual(person);
  });
});

describeWithSystem([], 'document signer of an older station', () => {
  it('takes the old generated keys into the file store and keeps the same certificate', async () => {
    const made = makeTempDir('cardgate-old-');
    const first = await loadDocumentSigner({ dataDir: made });
    const old = makeTempDir('cardgate-old-');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(join(old, 'keys'), { mode: 0o700 });
    copyFileSync(
      join(made, 'keys', 'cardgate-document-signer.pem'),
      join(old, 'keys', 'document-signer.key'),
    );
    copyFileSync(join(made, 'pki', 'document-signer.crt'), join(old, 'keys', 'document-signer.crt'));
    copyFileSync(join(made, 'keys', 'cardgate-csca.pem'), join(old, 'keys', 'csca.key'));
    copyFileSync(join(made, 'pki', 'csca.crt'), join(old, 'keys', 'csca.crt'));
    const adopted = await loadDocumentSigner({ dataDir: old });
    expect(adopted.certReference).toBe(first.certReference);
    expect(existsSync(join(old, 'keys', 'document-signer.key'))).toBe(false);
    const data = Buffer.from('x');
    expect(
      verify(
        'sha256',
        data,
        { key: createPublicKey(first.certificatePem), dsaEncoding: 'ieee-p1363' },
        await adopted.sign(data),
      ),
    ).toBe(true);
  });
});
