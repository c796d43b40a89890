import { createPublicKey, type KeyObject } from 'node:crypto';
import { CardgateError } from '../../core/errors.js';

/** DER of the P-256 curve OID (1.2.840.10045.3.1.7): CKA_EC_PARAMS of every key we generate. */
export const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

/**
 * CKA_EC_POINT is the uncompressed point 04‖X‖Y, wrapped in a DER OCTET STRING by modules that
 * follow PKCS#11 2.40 (SoftHSM2, OpenSC) and bare by some older ones: accept both.
 */
export function publicKeyFromEcPoint(ecPoint: Buffer): KeyObject {
  let point = ecPoint;
  if (point.length === 67 && point[0] === 0x04 && point[1] === 0x41) point = point.subarray(2);
  if (point.length !== 65 || point[0] !== 0x04)
    throw new CardgateError(
      'KEY_NOT_FOUND',
      'the token returned a public key that is not an uncompressed P-256 point',
    );
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
}
