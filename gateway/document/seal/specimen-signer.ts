import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, randomInt, sign, webcrypto, type KeyObject } from 'node:crypto';
import { certReferenceOf } from './verify.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** Subject of every specimen certificate: a verifier that shows it says what the seal is. */
export const SPECIMEN_SUBJECT =
  'CN=SPECIMEN preview - not a document signer, O=cardgate SPECIMEN, OU=preview only';
/** Signer identifier in a specimen seal's header (no document signer is named so). */
export const SPECIMEN_SIGNER_ID = 'SPEC';

export interface SpecimenSigner {
  readonly signerId: string;
  readonly certReference: string;
  readonly certificateDer: Uint8Array;
  readonly certificatePem: string;
  readonly specimen: true;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * A throwaway signer for previews: a fresh P-256 key held only in memory, with a self-signed
 * certificate whose subject says SPECIMEN. It does not chain to the country signing CA, and its
 * serial differs from the document signer's, so a preview's seal never verifies as a document's.
 */
export async function createSpecimenSigner(avoidReference?: string): Promise<SpecimenSigner> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  let serial: string;
  do serial = randomInt(0x10000, 0xfffff).toString(16).toUpperCase();
  while (serial === avoidReference);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `0${serial}`,
    name: SPECIMEN_SUBJECT,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 30 * 86_400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    keys,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const key: KeyObject = createPrivateKey({
    key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
    format: 'der',
    type: 'pkcs8',
  });
  return {
    signerId: SPECIMEN_SIGNER_ID,
    certReference: certReferenceOf(cert),
    certificateDer: new Uint8Array(cert.rawData),
    certificatePem: cert.toString('pem'),
    specimen: true,
    sign: async (data) => new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })),
  };
}
