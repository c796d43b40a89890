import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { certificateMismatch, decodeForCheck, type SealVerdict } from './verify-core.js';
import type { DecodedSeal } from './codec.js';
import { checkSigner, ONE_DAY_MS, type PkiTrust, type SignerCheckCode } from '../../pki/chain.js';

export { certReferenceOf, type SealVerdict } from './verify-core.js';

/**
 * Checks a seal against the signer's certificate: the header must name this certificate (by
 * serial), the signature date must fall in its validity, and the ECDSA P-256 signature (raw r‖s
 * over header + message) must hold. The checks before the signature are shared with the verify
 * page (verify-core.ts); this is the synchronous node:crypto form.
 */
export function verifySeal(
  bytes: Uint8Array,
  certificate: Uint8Array | string | X509Certificate,
): SealVerdict {
  const decoded = decodeForCheck(bytes);
  if ('verdict' in decoded) return decoded.verdict;
  const { seal, signature } = decoded;
  const cert =
    certificate instanceof X509Certificate
      ? certificate
      : new X509Certificate(typeof certificate === 'string' ? certificate : Uint8Array.from(certificate));
  const mismatch = certificateMismatch(seal, cert);
  if (mismatch) return mismatch;
  const key = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
  const ok = verifySignature('sha256', seal.signedBytes, { key, dsaEncoding: 'ieee-p1363' }, signature);
  return ok
    ? { valid: true, seal }
    : { valid: false, reason: 'SIGNATURE', detail: 'the signature does not hold', seal };
}

/** A seal verdict that also judged the signer certificate against the trusted CSCAs and CRLs. */
export type TrustedSealVerdict =
  SealVerdict | { valid: false; reason: SignerCheckCode; detail: string; seal: DecodedSeal };

/**
 * verifySeal, then the signer certificate's chain (gateway/pki/chain.ts): issued by a trusted
 * CSCA, valid on the signature date, not revoked by that CSCA's CRL. Distinct reasons:
 * PKI_SIGNER_UNKNOWN, PKI_SIGNER_REVOKED, PKI_SIGNER_EXPIRED, PKI_CRL_INVALID.
 */
export async function verifySealTrusted(
  bytes: Uint8Array,
  certificate: Uint8Array | string | X509Certificate,
  trust: PkiTrust,
): Promise<TrustedSealVerdict> {
  const cert =
    certificate instanceof X509Certificate
      ? certificate
      : new X509Certificate(typeof certificate === 'string' ? certificate : Uint8Array.from(certificate));
  const verdict = verifySeal(bytes, cert);
  if (!verdict.valid) return verdict;
  const signedOn = new Date(`${verdict.seal.header.signatureDate}T12:00:00Z`);
  const chain = await checkSigner(cert, trust, signedOn, { toleranceMs: ONE_DAY_MS });
  return chain.ok ? verdict : { valid: false, reason: chain.code, detail: chain.detail, seal: verdict.seal };
}
