// @peculiar/x509 needs a Reflect metadata polyfill loaded before it.
import 'reflect-metadata';
import { generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { ChipSigner } from './interface.js';

/**
 * A chip signer with a fresh P-256 key and a self-signed certificate, for tests, the bench and
 * a station that has no document signer yet. The key lives only in memory.
 */
export async function createEphemeralChipSigner(
  subject = 'CN=cardgate ephemeral chip signer',
): Promise<ChipSigner & { privateKey: webcrypto.CryptoKey }> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = {
    privateKey: await webcrypto.subtle.importKey(
      'pkcs8',
      privateKey.export({ format: 'der', type: 'pkcs8' }),
      alg,
      false,
      ['sign'],
    ),
    publicKey: await webcrypto.subtle.importKey(
      'spki',
      publicKey.export({ format: 'der', type: 'spki' }),
      alg,
      true,
      ['verify'],
    ),
  };
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Date.now().toString(16),
      name: subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 365 * 86_400_000),
      signingAlgorithm: alg,
      keys,
    },
    webcrypto as unknown as Crypto,
  );
  return {
    privateKey: keys.privateKey,
    certificateDer: new Uint8Array(cert.rawData),
    sign: async (data) =>
      new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}
