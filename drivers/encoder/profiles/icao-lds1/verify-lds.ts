import 'reflect-metadata';
import { createHash, timingSafeEqual, verify as verifySignature, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { EncoderErrorCode, VerifyResult } from '../../interface.js';
import { parseTlv, parseTlvList } from '../../tlv.js';
import { HASHED_FILES, LDS_SECURITY_OBJECT_OID } from './layout.js';
import { parseSod, type ParsedSod } from './security-object.js';

/**
 * Checks an LDS1 card the way an inspection system does (Doc 9303-11 §5.1 passive
 * authentication): every data group's hash equals the one in EF.SOD, the SOD's signature verifies
 * with the document signer's certificate it carries, that certificate was issued by a trusted
 * CSCA and is valid now, and no CRL of that CSCA revokes it. Each failure has its own code.
 */
export interface LdsTrust {
  /** DER certificates of the trusted country signing CAs. */
  csca: Uint8Array[];
  /** DER CRLs of those CAs; a CRL not signed by a trusted CSCA is ignored. */
  crls?: Uint8Array[];
  now?: Date;
}

export type HashResult = 'match' | 'mismatch' | 'missing-file' | 'not-in-sod';

export interface LdsCheck {
  sod: 'ok' | 'missing' | 'malformed';
  eContentType: string | null;
  hashAlgorithm: string | null;
  hashes: Record<string, HashResult>;
  signature: 'valid' | 'invalid' | 'not-checked';
  signer: { subject: string; issuer: string; serial: string; notAfter: string } | null;
  chain: 'valid' | 'no-trusted-csca' | 'not-issued-by-csca' | 'expired' | 'not-checked';
  revocation: 'not-revoked' | 'revoked' | 'no-crl' | 'not-checked';
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);

function hashResults(files: Record<string, Uint8Array>, sod: ParsedSod): Record<string, HashResult> {
  const out: Record<string, HashResult> = {};
  for (const f of HASHED_FILES) {
    const file = files[f.name];
    const expected = sod.hashes.get(f.dg!);
    if (!file && !expected) continue;
    if (!expected) out[f.name] = 'not-in-sod';
    else if (!file) out[f.name] = 'missing-file';
    else
      out[f.name] = equal(createHash(sod.hashAlgorithm).update(file).digest(), expected)
        ? 'match'
        : 'mismatch';
  }
  return out;
}

function signatureValid(sod: ParsedSod, cert: X509Certificate): boolean {
  if (!sod.signedAttrsDer || !sod.messageDigest) return false;
  if (!equal(sod.messageDigest, sod.eContentDigest)) return false;
  if (sod.contentTypeAttr !== LDS_SECURITY_OBJECT_OID) return false;
  try {
    return verifySignature('sha256', sod.signedAttrsDer, cert.publicKey, sod.signatureDer);
  } catch {
    return false;
  }
}

function chainOf(ds: X509Certificate, trust: LdsTrust): { chain: LdsCheck['chain']; csca?: X509Certificate } {
  if (trust.csca.length === 0) return { chain: 'no-trusted-csca' };
  const now = trust.now ?? new Date();
  for (const der of trust.csca) {
    let csca: X509Certificate;
    try {
      csca = new X509Certificate(der);
    } catch {
      continue;
    }
    if (!ds.checkIssued(csca) || !ds.verify(csca.publicKey)) continue;
    const inTime = (c: X509Certificate): boolean =>
      new Date(c.validFrom) <= now && now <= new Date(c.validTo);
    return { chain: inTime(ds) && inTime(csca) ? 'valid' : 'expired', csca };
  }
  return { chain: 'not-issued-by-csca' };
}

/** The CRL's signature by the CSCA, checked synchronously with node over the CRL's own TBS bytes. */
function crlSignedBy(der: Uint8Array, csca: X509Certificate): boolean {
  const outer = parseTlv(der);
  const [tbs, alg, sig] = parseTlvList(outer.value);
  if (outer.tag !== 0x30 || !tbs || !alg || sig?.tag !== 0x03) return false;
  const tbsDer = outer.value.subarray(0, tbs.size);
  const hash = Buffer.from(alg.value).includes(Buffer.from('2a8648ce3d040303', 'hex')) ? 'sha384' : 'sha256';
  return verifySignature(hash, tbsDer, csca.publicKey, sig.value.subarray(1));
}

function revocationOf(
  ds: X509Certificate,
  csca: X509Certificate,
  crls: Uint8Array[],
): LdsCheck['revocation'] {
  let seen = false;
  const issuer = new x509.X509Certificate(csca.raw).subject;
  const dsCert = new x509.X509Certificate(ds.raw);
  for (const der of crls) {
    try {
      const crl = new x509.X509Crl(new Uint8Array(der));
      if (crl.issuer !== issuer || !crlSignedBy(der, csca)) continue;
      seen = true;
      if (crl.findRevoked(dsCert)) return 'revoked';
    } catch {
      continue;
    }
  }
  return seen ? 'not-revoked' : 'no-crl';
}

export function checkLds(files: Record<string, Uint8Array>, trust: LdsTrust): LdsCheck {
  const check: LdsCheck = {
    sod: 'ok',
    eContentType: null,
    hashAlgorithm: null,
    hashes: {},
    signature: 'not-checked',
    signer: null,
    chain: 'not-checked',
    revocation: 'not-checked',
  };
  const file = files.sod;
  if (!file) return { ...check, sod: 'missing' };
  let sod: ParsedSod;
  try {
    sod = parseSod(file);
  } catch {
    return { ...check, sod: 'malformed' };
  }
  check.eContentType = sod.eContentType;
  check.hashAlgorithm = sod.hashAlgorithm;
  if (sod.eContentType !== LDS_SECURITY_OBJECT_OID) check.sod = 'malformed';
  check.hashes = hashResults(files, sod);
  let ds: X509Certificate;
  try {
    if (!sod.signerCertificateDer) throw new RangeError('no signer certificate');
    ds = new X509Certificate(sod.signerCertificateDer);
  } catch {
    return { ...check, signature: 'invalid' };
  }
  check.signer = { subject: ds.subject, issuer: ds.issuer, serial: ds.serialNumber, notAfter: ds.validTo };
  check.signature = signatureValid(sod, ds) ? 'valid' : 'invalid';
  const { chain, csca } = chainOf(ds, trust);
  check.chain = chain;
  if (csca) check.revocation = revocationOf(ds, csca, trust.crls ?? []);
  return check;
}

/** The one code of a failed check, in the order an inspection system would stop. */
export function failureCode(c: LdsCheck): EncoderErrorCode | undefined {
  if (c.sod !== 'ok' || c.signature !== 'valid') return 'SOD_INVALID';
  if (Object.values(c.hashes).some((h) => h !== 'match')) return 'DG_HASH_MISMATCH';
  if (c.chain !== 'valid') return 'SIGNER_UNKNOWN';
  if (c.revocation === 'revoked') return 'SIGNER_REVOKED';
  return undefined;
}

export function toVerifyResult(c: LdsCheck): VerifyResult {
  const failures: string[] = [];
  if (c.sod !== 'ok') failures.push('sod');
  for (const [name, h] of Object.entries(c.hashes)) if (h !== 'match') failures.push(name);
  if (c.sod === 'ok' && c.signature !== 'valid') failures.push('signature');
  if (c.sod === 'ok' && c.signature === 'valid' && c.chain !== 'valid') failures.push('chain');
  if (c.revocation === 'revoked') failures.push('revoked');
  const code = failureCode(c);
  return { ok: code === undefined, failures, ...(code ? { code } : {}) };
}
