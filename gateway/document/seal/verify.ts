import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { certificateMismatch, decodeForCheck, type SealVerdict } from './verify-core.js';

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
