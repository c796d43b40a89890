import { randomBytes, type KeyObject } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { storeCrypto, storeKeyPair, toCryptoKey } from '../../enrolment/store-x509.js';
import type { KeyStore } from '../../keys/key-store.js';

const DAY = 86_400_000;
const serial = () => {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f; // positive INTEGER
  return b.toString('hex');
};

export interface CaSigner {
  store: KeyStore;
  label: string;
  ca: x509.X509Certificate;
}

/** HQ's station CA: self-signed, its key in the KeyStore (KEY_LABELS.hqStationCa), 20 years. */
export async function makeCaCertificate(
  store: KeyStore,
  label: string,
  now: Date,
): Promise<x509.X509Certificate> {
  const keys = await storeKeyPair(store, label);
  const crypto = storeCrypto(store);
  return x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: 'CN=cardgate HQ station CA, O=cardgate',
      notBefore: now,
      notAfter: new Date(now.getTime() + 20 * 365 * DAY),
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
}

export type CertRole = 'station' | 'record' | 'command';

const USAGE: Record<CertRole, number> = {
  station: x509.KeyUsageFlags.digitalSignature,
  record: x509.KeyUsageFlags.keyAgreement,
  command: x509.KeyUsageFlags.digitalSignature,
};

/**
 * A certificate issued by the station CA: a station's identity (CN=station, OU=site), HQ's
 * record key (key agreement: stations encrypt records to it) or HQ's command signer.
 */
export async function issueCertificate(
  signer: CaSigner,
  o: { role: CertRole; subject: string; publicKey: KeyObject; now: Date; days: number },
): Promise<x509.X509Certificate> {
  const crypto = storeCrypto(signer.store);
  const keys = await storeKeyPair(signer.store, signer.label);
  const pub = await toCryptoKey(o.publicKey);
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: o.subject,
      issuer: signer.ca.subject,
      notBefore: o.now,
      notAfter: new Date(o.now.getTime() + o.days * DAY),
      publicKey: pub,
      signingKey: keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(USAGE[o.role], true),
        await x509.SubjectKeyIdentifierExtension.create(pub, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(signer.ca, false, crypto),
      ],
    },
    crypto,
  );
}

/** RFC 4514 attribute value: the ids are [a-z0-9-] already; escape anyway, names come from input. */
export const dnValue = (s: string): string => s.replace(/([,+"\\<>;=])/g, '\\$1');
