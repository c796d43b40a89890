import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { isCardgateError } from '../../core/errors.js';
import { decodeSeal, type DecodedSeal } from './codec.js';

export type SealVerdict =
  | { valid: true; seal: DecodedSeal }
  | {
      valid: false;
      reason: 'MALFORMED' | 'UNSIGNED' | 'SIGNATURE' | 'CERT_MISMATCH' | 'CERT_NOT_VALID_AT_SIGNING';
      detail: string;
      seal?: DecodedSeal;
    };

/** The certificate reference a seal names for a signer certificate: its serial number in upper-case hex. */
export function certReferenceOf(cert: X509Certificate): string {
  return cert.serialNumber.toUpperCase().replace(/^0+(?=.)/, '');
}

/**
 * Checks a seal against the signer's certificate: the header must name this certificate (by
 * serial), the signature date must fall in its validity, and the ECDSA P-256 signature (raw r‖s
 * over header + message) must hold.
 */
export function verifySeal(
  bytes: Uint8Array,
  certificate: Uint8Array | string | X509Certificate,
): SealVerdict {
  let seal: DecodedSeal;
  try {
    seal = decodeSeal(bytes);
  } catch (e) {
    return { valid: false, reason: 'MALFORMED', detail: isCardgateError(e) ? e.message : String(e) };
  }
  if (!seal.signature)
    return { valid: false, reason: 'UNSIGNED', detail: 'the seal has no signature zone', seal };
  const cert =
    certificate instanceof X509Certificate
      ? certificate
      : new X509Certificate(typeof certificate === 'string' ? certificate : Uint8Array.from(certificate));
  const ref = certReferenceOf(cert);
  if (seal.header.certReference.replace(/^0+(?=.)/, '') !== ref)
    return {
      valid: false,
      reason: 'CERT_MISMATCH',
      detail: `seal names certificate ${seal.header.certReference}, given ${ref}`,
      seal,
    };
  const signedOn = new Date(`${seal.header.signatureDate}T12:00:00Z`);
  const day = 86_400_000;
  if (
    signedOn.getTime() + day < cert.notBefore.getTime() ||
    signedOn.getTime() - day > cert.notAfter.getTime()
  )
    return {
      valid: false,
      reason: 'CERT_NOT_VALID_AT_SIGNING',
      detail: 'the certificate was not valid on the signature date',
      seal,
    };
  const key = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
  const ok = verifySignature('sha256', seal.signedBytes, { key, dsaEncoding: 'ieee-p1363' }, seal.signature);
  return ok
    ? { valid: true, seal }
    : { valid: false, reason: 'SIGNATURE', detail: 'the signature does not hold', seal };
}
