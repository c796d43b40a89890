import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomInt, webcrypto } from 'node:crypto';
import { CardgateError } from '../core/errors.js';
import type { KeyStore } from '../keys/key-store.js';
import { crlDistributionPoint, documentTypeList, privateKeyUsagePeriod } from './icao-extensions.js';
import { ECDSA_SHA256, storeKeys } from './store-crypto.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const DAY = 86_400_000;

/** Subject parts of a CSCA or DS (Doc 9303-12 7.1.1: countryName is mandatory, CN recommended). */
export interface PkiName {
  country: string;
  organization: string;
  organizationalUnit?: string | undefined;
  commonName: string;
}

export function nameOf(n: PkiName): string {
  if (!/^[A-Z]{2}$/.test(n.country))
    throw new CardgateError(
      'PKI_NAME_INVALID',
      `country ${JSON.stringify(n.country)} must be ISO 3166 alpha-2`,
    );
  const esc = (v: string): string => v.replace(/([,+"\\<>;=])/g, '\\$1');
  return [
    `CN=${esc(n.commonName)}`,
    ...(n.organizationalUnit ? [`OU=${esc(n.organizationalUnit)}`] : []),
    `O=${esc(n.organization)}`,
    `C=${n.country}`,
  ].join(', ');
}

/** Marks development certificates in their subject, so no inspection system mistakes them. */
export const DEVELOPMENT_OU = 'DEVELOPMENT ONLY - not for issuing documents';

/** A positive serial of `hexDigits` hex digits (DS: 5, so it fits the seal header's reference). */
export function randomSerial(hexDigits = 5): string {
  const first = randomInt(1, 16).toString(16);
  let rest = '';
  for (let i = 1; i < hexDigits; i++) rest += randomInt(0, 16).toString(16);
  return `0${first}${rest}`.toUpperCase();
}

export interface CscaParams {
  name: PkiName;
  now: Date;
  /** How long the CSCA key signs (Doc 9303-12: 3 to 5 years). */
  keyUsageYears?: number;
  /** Certificate validity: key usage + the longest DS certificate it will sign. */
  validityYears?: number;
  crlUrl?: string | undefined;
}

/**
 * A self-signed CSCA certificate for the key `label` in the store (generated there when absent),
 * per Doc 9303-12's CSCA profile: basicConstraints cA pathLen 0 (critical), keyUsage keyCertSign +
 * cRLSign (critical), subject and authority key identifiers, private key usage period, CRL
 * distribution point.
 */
export async function createCsca(
  store: KeyStore,
  label: string,
  p: CscaParams,
): Promise<x509.X509Certificate> {
  if (!(await store.has(label))) await store.createSigningKey(label);
  const keys = await storeKeys(store, label);
  const usageEnd = new Date(p.now.getTime() + (p.keyUsageYears ?? 5) * 365 * DAY);
  return x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(8),
      name: nameOf(p.name),
      notBefore: p.now,
      notAfter: new Date(p.now.getTime() + (p.validityYears ?? 15) * 365 * DAY),
      signingAlgorithm: ECDSA_SHA256,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, keys.crypto),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, keys.crypto),
        privateKeyUsagePeriod(p.now, usageEnd),
        ...(p.crlUrl ? [crlDistributionPoint(p.crlUrl)] : []),
      ],
    },
    keys.crypto,
  );
}

/**
 * A certificate request for the document signer key `label`, made (and signed) in the station's
 * store, generating the key there when absent. The subject's CN is the seal's signer identifier
 * (Doc 9303-13: country + two characters).
 */
export async function requestDs(
  store: KeyStore,
  label: string,
  name: PkiName,
): Promise<x509.Pkcs10CertificateRequest> {
  if (!(await store.has(label))) await store.createSigningKey(label);
  const keys = await storeKeys(store, label);
  return x509.Pkcs10CertificateRequestGenerator.create(
    { name: nameOf(name), keys, signingAlgorithm: ECDSA_SHA256 },
    keys.crypto,
  );
}

export interface DsParams {
  csca: x509.X509Certificate;
  csr: x509.Pkcs10CertificateRequest;
  serial: string;
  now: Date;
  /** How long the DS key signs documents: short (Doc 9303-12 recommends at most 3 months). */
  keyUsageDays?: number;
  /** The longest validity of a document it signs: the certificate outlives the key by this. */
  documentValidityDays?: number;
  documentTypes: string[];
  crlUrl?: string | undefined;
}

/**
 * A DS certificate from a station's request, signed by the CSCA key `cscaLabel`, per Doc 9303-12's
 * DS profile (also the seal signer profile of Doc 9303-13): keyUsage digitalSignature (critical),
 * authority + subject key identifiers, private key usage period, document type list, CRL
 * distribution point. The request must be signed by its own key and name the CSCA's country.
 */
export async function issueDs(
  store: KeyStore,
  cscaLabel: string,
  p: DsParams,
): Promise<x509.X509Certificate> {
  if (!(await p.csr.verify()))
    throw new CardgateError('PKI_CSR_INVALID', 'the certificate request is not signed by its own key');
  const alg = p.csr.publicKey.algorithm as EcKeyAlgorithm;
  if (alg.name !== 'ECDSA' || alg.namedCurve !== 'P-256')
    throw new CardgateError('PKI_CSR_INVALID', 'a document signer key must be ECDSA P-256');
  const country = p.csr.subjectName.getField('C')[0];
  const cscaCountry = p.csca.subjectName.getField('C')[0];
  if (country !== cscaCountry)
    throw new CardgateError(
      'PKI_CSR_INVALID',
      `the request names country ${country}, the CSCA is ${cscaCountry}`,
    );
  const keys = await storeKeys(store, cscaLabel);
  const cscaSpki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  if (!cscaSpki.equals(Buffer.from(p.csca.publicKey.rawData)))
    throw new CardgateError(
      'PKI_CSCA_KEY_MISMATCH',
      'the CSCA certificate is not the one of the key in this store',
    );
  const usageEnd = new Date(p.now.getTime() + (p.keyUsageDays ?? 90) * DAY);
  const notAfter = new Date(usageEnd.getTime() + (p.documentValidityDays ?? 365) * DAY);
  if (notAfter > p.csca.notAfter)
    throw new CardgateError('PKI_VALIDITY_INVALID', 'the DS certificate would outlive its CSCA certificate');
  const subjectKey = await p.csr.publicKey.export(keys.crypto);
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: p.serial,
      subject: p.csr.subject,
      issuer: p.csca.subject,
      notBefore: p.now,
      notAfter,
      signingAlgorithm: ECDSA_SHA256,
      publicKey: subjectKey,
      signingKey: keys.privateKey,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, keys.crypto),
        await x509.SubjectKeyIdentifierExtension.create(subjectKey, false, keys.crypto),
        privateKeyUsagePeriod(p.now, usageEnd),
        documentTypeList(p.documentTypes),
        ...(p.crlUrl ? [crlDistributionPoint(p.crlUrl)] : []),
      ],
    },
    keys.crypto,
  );
}

export interface CrlParams {
  csca: x509.X509Certificate;
  revoked: { serial: string; date: Date }[];
  now: Date;
  nextUpdateDays?: number;
  crlNumber: number;
}

/** A CRL signed by the CSCA key (Doc 9303-12 7.1.4: issued at least every 90 days). */
export async function issueCrl(store: KeyStore, cscaLabel: string, p: CrlParams): Promise<x509.X509Crl> {
  const keys = await storeKeys(store, cscaLabel);
  return x509.X509CrlGenerator.create(
    {
      issuer: p.csca.subject,
      thisUpdate: p.now,
      nextUpdate: new Date(p.now.getTime() + (p.nextUpdateDays ?? 90) * DAY),
      signingAlgorithm: ECDSA_SHA256,
      signingKey: keys.privateKey,
      // Each entry carries its invalidity date: @peculiar/x509 2.2 writes an entry without
      // extensions as an empty crlEntryExtensions SEQUENCE, which RFC 5280 forbids and OpenSSL refuses.
      entries: p.revoked.map((r) => ({ serialNumber: r.serial, revocationDate: r.date, invalidity: r.date })),
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, keys.crypto),
        new x509.Extension('2.5.29.20', false, crlNumberDer(p.crlNumber)),
      ],
    },
    keys.crypto,
  );
}

function crlNumberDer(n: number): ArrayBuffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  const body = Buffer.from(hex, 'hex');
  return Uint8Array.from([0x02, body.length, ...body]).buffer;
}
