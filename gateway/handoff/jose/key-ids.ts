import { createHash, type KeyObject } from 'node:crypto';

/** SHA-256 of a public key's SubjectPublicKeyInfo (DER), base64url: key ids and token fingerprints. */
export function spkiFingerprint(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ format: 'der', type: 'spki' }))
    .digest('base64url');
}

/** SHA-256 of a certificate's DER, base64url: the JWS `x5t#S256` header naming the signer's certificate. */
export function certThumbprint(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('base64url');
}
