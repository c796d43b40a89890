import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeTd1 } from '../../gateway/document/mrz/index.js';
import { makeDocumentSeal } from '../../gateway/document/seal/document-seal.js';
import { loadDocumentSigner, type DocumentSigner } from '../../gateway/document/seal/signer.js';
import { verifySealTrusted } from '../../gateway/document/seal/verify.js';
import { KEY_LABELS, type KeyStore } from '../../gateway/keys/key-store.js';
import { openKeyStore } from '../../gateway/keys/open-key-store.js';
import { TRAINING_PROFILE } from '../../gateway/training/training-pki.js';
import { trainingDataDir } from '../../gateway/training/training-mode.js';
import { startSoftHsm } from '../helpers/softhsm.js';
import { describeWithSystem } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { fixturePerson } from '../helpers/persons.js';
import { openssl } from '../helpers/openssl.js';

const person = fixturePerson('romanian-diacritics');

/**
 * A production station whose keys are in a token is switched to training: the training signer's
 * keys go into the same token under labels of their own, its CSCA says TRAINING, and neither a
 * training seal nor the training DS certificate is accepted by the production CSCA (checked by the
 * station's seal verifier and independently by OpenSSL).
 */
describeWithSystem(['softhsm2', 'openssl'], 'the training signer beside production keys in one token', () => {
  const dir = makeTempDir('cardgate-training-pki-');
  const f = (name: string) => join(dir, name);
  let store: KeyStore;
  let production: DocumentSigner;
  let training: DocumentSigner;

  beforeAll(async () => {
    const token = await startSoftHsm().addToken('station');
    store = await openKeyStore({ keyStore: token.config }, { dataDir: dir, env: {} });
    production = await loadDocumentSigner({ dataDir: dir, store });
    training = await loadDocumentSigner({ dataDir: trainingDataDir(dir), store, profile: TRAINING_PROFILE });
    writeFileSync(f('production-csca.pem'), production.caCertificatePem!);
    writeFileSync(f('training-csca.pem'), training.caCertificatePem!);
    writeFileSync(f('training-ds.pem'), training.certificatePem);
    writeFileSync(f('production-ds.pem'), production.certificatePem);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  it('names its CSCA and signer TRAINING and uses its own keys in the token', async () => {
    const csca = new X509Certificate(training.caCertificatePem!);
    expect(csca.subject).toContain('TRAINING');
    expect(new X509Certificate(training.certificatePem).subject).toContain('TRAINING');
    expect(new X509Certificate(production.caCertificatePem!).subject).not.toContain('TRAINING');
    for (const label of Object.values(TRAINING_PROFILE.labels)) expect(await store.has(label)).toBe(true);
    const spki = async (label: string) =>
      (await store.publicKey(label)).export({ format: 'der', type: 'spki' }).toString('hex');
    expect(await spki(TRAINING_PROFILE.labels.csca)).not.toBe(await spki(KEY_LABELS.csca));
    expect(await spki(TRAINING_PROFILE.labels.documentSigner)).not.toBe(
      await spki(KEY_LABELS.documentSigner),
    );
  });

  it('a training seal verifies against the training CSCA only; OpenSSL agrees on the chain', async () => {
    const seal = await makeDocumentSeal(person, composeTd1(person as never), training, {
      signatureDate: new Date().toISOString().slice(0, 10),
    });
    const cscaOf = (s: DocumentSigner) => new X509Certificate(s.caCertificatePem!);
    expect(
      (await verifySealTrusted(seal, training.certificatePem, { cscas: [cscaOf(training)] })).valid,
    ).toBe(true);
    expect(
      await verifySealTrusted(seal, training.certificatePem, { cscas: [cscaOf(production)] }),
    ).toMatchObject({ valid: false, reason: 'PKI_SIGNER_UNKNOWN' });

    const ok = await openssl('verify', '-CAfile', f('training-csca.pem'), f('training-ds.pem'));
    expect(ok.code, ok.out).toBe(0);
    const refused = await openssl('verify', '-CAfile', f('production-csca.pem'), f('training-ds.pem'));
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/unable to get local issuer certificate/);
    // And the other way round: production's signer is no training signer.
    expect(
      (await openssl('verify', '-CAfile', f('training-csca.pem'), f('production-ds.pem'))).code,
    ).not.toBe(0);
  });

  it('keeps the same training signer across restarts', async () => {
    const again = await loadDocumentSigner({
      dataDir: trainingDataDir(dir),
      store,
      profile: TRAINING_PROFILE,
    });
    expect(again.certificatePem).toBe(training.certificatePem);
    expect(again.generated).toBe(true);
  });
});
