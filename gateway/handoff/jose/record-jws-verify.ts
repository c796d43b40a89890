import { KeyObject, verify } from 'node:crypto';
import { protectedHeaderOf, type JweProtectedHeader } from './record-jwe-decrypt.js';

/**
 * Verifies the record's compact JWS (ES256) on node:crypto. Why not jose's compactVerify: the
 * same measurement as record-jwe-decrypt.ts (0.63 ms per record there, most of it decoding the
 * ~27 KB payload in JS), on the path HQ runs for every record. ES256 only; the signature is
 * r‖s, 64 bytes (RFC 7518 §3.4). Checked against jose in tests/handoff/record-jwe-decrypt.test.ts.
 */
export class JwsRefused extends Error {
  constructor(
    readonly reason: 'malformed' | 'signature',
    message: string,
  ) {
    super(message);
  }
}

const B64U = /^[A-Za-z0-9_-]*$/;

export function verifyRecordJws(
  jws: string,
  publicKey: KeyObject | CryptoKey,
): { payload: Buffer; header: JweProtectedHeader } {
  const parts = jws.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64U.test(p)))
    throw new JwsRefused('malformed', 'a compact JWS has three base64url parts');
  const header = protectedHeaderOf(jws);
  if (header.alg !== 'ES256') throw new JwsRefused('malformed', 'the record JWS must be ES256');
  if ('crit' in header || header.b64 === false)
    throw new JwsRefused('malformed', 'the JWS header asks for crit or b64, which records never use');
  const signature = Buffer.from(parts[2]!, 'base64url');
  const key = publicKey instanceof KeyObject ? publicKey : KeyObject.from(publicKey);
  const input = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
  // ES256 means a P-256 key: any other key type or curve verifies nothing (RFC 7518 §3.4).
  const details = key.asymmetricKeyDetails;
  let ok = false;
  if (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1')
    throw new JwsRefused('signature', 'the signer key is not a P-256 key');
  try {
    ok = signature.length === 64 && verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    ok = false;
  }
  if (!ok) throw new JwsRefused('signature', 'the record signature does not verify');
  return { payload: Buffer.from(parts[1]!, 'base64url'), header };
}
