import 'reflect-metadata';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeTd1 } from '../../gateway/document/mrz/index.js';
import { makeDocumentSeal } from '../../gateway/document/seal/document-seal.js';
import { loadDocumentSigner, type DocumentSigner } from '../../gateway/document/seal/signer.js';
import { verifySealTrusted } from '../../gateway/document/seal/verify.js';
import { openKeyStore } from '../../gateway/keys/open-key-store.js';
import type { KeyStore } from '../../gateway/keys/key-store.js';
import { checkSigner } from '../../gateway/pki/chain.js';
import { createCsca, issueCrl } from '../../gateway/pki/certificates.js';
import { runCli } from '../helpers/processes.js';
import { startSoftHsm, type SoftHsmToken } from '../helpers/softhsm.js';
import { describeWithSystem } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { fixturePerson } from '../helpers/persons.js';
import { openssl } from '../helpers/openssl.js';

const person = fixturePerson('romanian-diacritics');

describeWithSystem(
  ['softhsm2', 'openssl'],
  'CSCA and document signers through `cardgate pki`, keys in SoftHSM2',
  () => {
    const dir = makeTempDir('cardgate-pki-');
    const hqDir = join(dir, 'hq');
    const stDir = join(dir, 'station');
    const f = (name: string) => join(dir, name);
    let hq: SoftHsmToken;
    let st: SoftHsmToken;
    let stationStore: KeyStore;
    let signer: DocumentSigner;
    const cli = async (...args: string[]) => {
      const r = await runCli(['pki', ...args]);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };

    beforeAll(async () => {
      const hsm = startSoftHsm();
      hq = await hsm.addToken('hq-csca');
      st = await hsm.addToken('station-ds');
      writeFileSync(f('hq.json'), JSON.stringify({ dataDir: hqDir, security: { keyStore: hq.config } }));
      writeFileSync(f('st.json'), JSON.stringify({ dataDir: stDir, security: { keyStore: st.config } }));
      await cli(
        'csca',
        'init',
        '-c',
        f('hq.json'),
        '--country',
        'RO',
        '--org',
        'Ministerul Afacerilor Interne',
        '--crl-url',
        'http://pki.example.ro/csca-ro.crl',
      );
      await cli(
        'ds',
        'request',
        '-c',
        f('st.json'),
        '--out',
        f('st.csr'),
        '--signer-id',
        'ROC1',
        '--org',
        'Ministerul Afacerilor Interne',
      );
      await cli(
        'ds',
        'issue',
        '-c',
        f('hq.json'),
        '--csr',
        f('st.csr'),
        '--out',
        f('st.crt'),
        '--days',
        '60',
      );
      await cli('export', '-c', f('hq.json'), '--csca', f('csca.pem'));
      await cli('ds', 'install', '-c', f('st.json'), '--cert', f('st.crt'), '--csca', f('csca.pem'));
      stationStore = await openKeyStore({ keyStore: st.config }, { dataDir: stDir, env: {} });
      signer = await loadDocumentSigner({ dataDir: stDir, store: stationStore });
    }, 120_000);
    afterAll(async () => {
      await stationStore?.close();
    });

    it('issues a CSCA and a DS certificate with the Doc 9303-12 profile; openssl verifies the chain', async () => {
      expect((await openssl('verify', '-CAfile', f('csca.pem'), f('st.crt'))).out).toContain('OK');
      const csca = (await openssl('x509', '-in', f('csca.pem'), '-noout', '-text')).out;
      expect(csca).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
      expect(csca).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
      expect(csca).toMatch(/Private Key Usage Period/);
      expect(csca).toContain('ecdsa-with-SHA256');
      const ds = (await openssl('x509', '-in', f('st.crt'), '-noout', '-text')).out;
      expect(ds).toMatch(/Key Usage: critical\s+Digital Signature/);
      expect(ds).toContain('2.23.136.1.1.6.2');
      expect(ds).toContain('http://pki.example.ro/csca-ro.crl');
      const dsCert = new X509Certificate(readFileSync(f('st.crt'), 'utf8'));
      expect(dsCert.subject).toBe('CN=ROC1, O=Ministerul Afacerilor Interne, C=RO');
      // Short DS validity: 60 days of signing + a year of documents.
      expect(dsCert.notAfter.getTime() - dsCert.notBefore.getTime()).toBeLessThan(430 * 86_400_000);
    });

    it('the station signs seals with the installed DS key in its token; they verify to the CSCA', async () => {
      expect(signer.generated).toBe(false);
      expect(signer.signerId).toBe('ROC1');
      const seal = await makeDocumentSeal(person, composeTd1(person as never), signer, {
        signatureDate: new Date().toISOString().slice(0, 10),
      });
      const csca = new X509Certificate(readFileSync(f('csca.pem'), 'utf8'));
      expect(await verifySealTrusted(seal, signer.certificatePem, { cscas: [csca] })).toMatchObject({
        valid: true,
      });
    });

    it('unknown, revoked and expired signers fail with distinct codes; openssl agrees on the revocation', async () => {
      const seal = await makeDocumentSeal(person, composeTd1(person as never), signer, {
        signatureDate: new Date().toISOString().slice(0, 10),
      });
      const csca = new X509Certificate(readFileSync(f('csca.pem'), 'utf8'));
      const stranger = await loadDocumentSigner({ dataDir: makeTempDir('cardgate-pki-other-') });
      const otherCsca = new X509Certificate(stranger.caCertificatePem!);
      expect(await verifySealTrusted(seal, signer.certificatePem, { cscas: [otherCsca] })).toMatchObject({
        valid: false,
        reason: 'PKI_SIGNER_UNKNOWN',
      });
      const ds = new X509Certificate(signer.certificatePem);
      expect(
        await checkSigner(ds, { cscas: [csca] }, new Date(ds.notAfter.getTime() + 86_400_000)),
      ).toMatchObject({
        ok: false,
        code: 'PKI_SIGNER_EXPIRED',
      });

      const before = await cli('crl', 'issue', '-c', f('hq.json'), '--out', f('empty.crl'));
      expect(before.revoked).toEqual([]);
      const clean = new X509Crl(readFileSync(f('empty.crl'), 'utf8'));
      expect(
        await verifySealTrusted(seal, signer.certificatePem, { cscas: [csca], crls: [clean] }),
      ).toMatchObject({ valid: true });

      await cli('crl', 'issue', '-c', f('hq.json'), '--out', f('csca.crl'), '--revoke', ds.serialNumber);
      expect((await openssl('crl', '-in', f('csca.crl'), '-CAfile', f('csca.pem'), '-noout')).out).toContain(
        'verify OK',
      );
      const revokedByOpenssl = await openssl(
        'verify',
        '-crl_check',
        '-CAfile',
        f('csca.pem'),
        '-CRLfile',
        f('csca.crl'),
        f('st.crt'),
      );
      expect(revokedByOpenssl.out).toContain('certificate revoked');
      const crl = new X509Crl(readFileSync(f('csca.crl'), 'utf8'));
      expect(
        await verifySealTrusted(seal, signer.certificatePem, { cscas: [csca], crls: [crl] }),
      ).toMatchObject({
        valid: false,
        reason: 'PKI_SIGNER_REVOKED',
      });
      // A CRL in this CSCA's name signed by another key is refused, not ignored.
      const forger = await openKeyStore({}, { dataDir: makeTempDir('cardgate-pki-forge-') });
      const fake = await createCsca(forger, 'fake-csca', {
        name: { country: 'RO', organization: 'x', commonName: 'x' },
        now: new Date(),
      });
      const forged = await issueCrl(forger, 'fake-csca', {
        csca: { ...fake, subject: csca.subject } as never,
        revoked: [],
        now: new Date(),
        crlNumber: 1,
      });
      expect(forged.issuer).toBe(csca.subject);
      expect(await checkSigner(ds, { cscas: [csca], crls: [forged] }, new Date())).toMatchObject({
        ok: false,
        code: 'PKI_CRL_INVALID',
      });
    });

    it('refuses a request from another country and a certificate that is not for the station key', async () => {
      await runCli(['pki', 'ds', 'request', '-c', f('st.json'), '--out', f('de.csr'), '--country', 'DE']);
      const r = await runCli([
        'pki',
        'ds',
        'issue',
        '-c',
        f('hq.json'),
        '--csr',
        f('de.csr'),
        '--out',
        f('de.crt'),
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('PKI_CSR_INVALID');
      const other = await loadDocumentSigner({ dataDir: makeTempDir('cardgate-pki-x-') });
      writeFileSync(f('other.crt'), other.certificatePem);
      const bad = await runCli([
        'pki',
        'ds',
        'install',
        '-c',
        f('st.json'),
        '--cert',
        f('other.crt'),
        '--csca',
        f('csca.pem'),
      ]);
      expect(bad.stderr).toContain('PKI_DS_MISMATCH');
      // Three CLI runs, each a Node start with SoftHSM2: seconds apiece on a loaded machine.
    }, 120_000);
  },
);
