import 'reflect-metadata';
import { createPrivateKey, sign, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { ChipSigner } from '../../drivers/encoder/interface.js';

/**
 * A country signing CA and document signers for the LDS1 tests, made with @peculiar/x509 (until
 * the `keys` helper's PKI lands): the CSCA self-signed, each DS issued by a CSCA, CRLs by a CSCA.
 */
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

export interface TestCa {
  cert: x509.X509Certificate;
  der: Uint8Array;
  pem: string;
  keys: CryptoKeyPair;
}

let serial = 0x1000;
const nextSerial = (): string => (serial++).toString(16).padStart(4, '0');

export async function createCsca(name = 'CN=cardgate test CSCA,O=cardgate tests,C=RO'): Promise<TestCa> {
  const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 10 * 365 * 86_400_000),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { cert, der: new Uint8Array(cert.rawData), pem: cert.toString('pem'), keys };
}

export interface TestDs extends ChipSigner {
  serial: string;
  pem: string;
}

/** A document signer issued by `csca`, signing as the KeyStore does (raw r‖s). */
export async function issueDs(
  csca: TestCa,
  name = 'CN=cardgate test DS,O=cardgate tests,C=RO',
): Promise<TestDs> {
  const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const serialNumber = nextSerial();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: name,
    issuer: csca.cert.subject,
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter: new Date(Date.now() + 90 * 86_400_000),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: csca.keys.privateKey,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return {
    serial: serialNumber,
    pem: cert.toString('pem'),
    certificateDer: new Uint8Array(cert.rawData),
    cscaCertificateDer: csca.der,
    sign: async (data) => new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })),
  };
}

/** A DS certificate for a key kept elsewhere (a token): the CSCA signs its public half. */
export async function issueDsForKey(
  csca: TestCa,
  publicKey: KeyObject,
  name = 'CN=cardgate token DS,O=cardgate tests,C=RO',
): Promise<{ der: Uint8Array; pem: string; serial: string }> {
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const key = await crypto.subtle.importKey('spki', spki, ALG, true, ['verify']);
  const serialNumber = nextSerial();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: name,
    issuer: csca.cert.subject,
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter: new Date(Date.now() + 90 * 86_400_000),
    signingAlgorithm: ALG,
    publicKey: key,
    signingKey: csca.keys.privateKey,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return { der: new Uint8Array(cert.rawData), pem: cert.toString('pem'), serial: serialNumber };
}

export async function issueCrl(csca: TestCa, revokedSerials: string[]): Promise<Uint8Array> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: csca.cert.subject,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate: new Date(Date.now() + 7 * 86_400_000),
    signingAlgorithm: ALG,
    signingKey: csca.keys.privateKey,
    entries: revokedSerials.map((serialNumber) => ({
      serialNumber,
      revocationDate: new Date(Date.now() - 30_000),
    })),
  });
  return new Uint8Array(crl.rawData);
}
