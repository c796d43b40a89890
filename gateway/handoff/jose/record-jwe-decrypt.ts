import {
  createDecipheriv,
  createHash,
  createPublicKey,
  diffieHellman,
  KeyObject,
  type JsonWebKey,
} from 'node:crypto';

/**
 * Why this exists beside jose: HQ opens every record it ingests, and jose's compactDecrypt took
 * 1.5 ms of CPU per record (JS base64 of the ~36 KB ciphertext, WebCrypto key imports and job
 * promises), a quarter of HQ's whole cost per record, on the path whose benchmark goal (10,000
 * records in < 60 s on 2 cores) it made miss. The same steps on node:crypto take about a fifth of
 * that (measured, docs/benchmarks.md). It reads exactly ONE algorithm pair, the one stations
 * seal with (sealRecord, jose: ECDH-ES+A256KW / A256GCM, RFC 7516 + RFC 7518 §4.6, §4.4, §5.3),
 * refuses anything else, and tests/handoff/record-jwe-decrypt.test.ts checks it against jose on
 * good and tampered input. Stations keep sealing with jose.
 */

/** Why a compact JWE did not open: malformed (not this JWE at all) or does not decrypt. */
export class JweRefused extends Error {
  constructor(
    readonly reason: 'malformed' | 'decrypt',
    message: string,
  ) {
    super(message);
  }
}

export interface JweProtectedHeader {
  alg: string;
  enc: string;
  kid?: string;
  epk?: JsonWebKey;
  apu?: string;
  apv?: string;
  [name: string]: unknown;
}

const B64U = /^[A-Za-z0-9_-]*$/;
const KW_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');

const malformed = (m: string): never => {
  throw new JweRefused('malformed', m);
};
const b64u = (s: string, what: string): Buffer =>
  B64U.test(s) ? Buffer.from(s, 'base64url') : malformed(`${what} is not base64url`);

/** The protected header of a compact JWE (or JWS: the first part), parsed and nothing checked. */
export function protectedHeaderOf(compact: string): JweProtectedHeader {
  const first = compact.slice(0, Math.max(0, compact.indexOf('.')));
  let h: unknown;
  try {
    h = JSON.parse(b64u(first, 'the protected header').toString('utf8'));
  } catch (e) {
    if (e instanceof JweRefused) throw e;
    malformed('the protected header is not JSON');
  }
  if (typeof h !== 'object' || h === null || Array.isArray(h))
    malformed('the protected header is not an object');
  return h as JweProtectedHeader;
}

/** RFC 7518 §4.6.2: Concat KDF (SHA-256, one round: the 256-bit key-wrapping key). */
function concatKdf(z: Buffer, alg: string, apu: Buffer, apv: Buffer): Buffer {
  const field = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return [len, b];
  };
  const bits = Buffer.alloc(4);
  bits.writeUInt32BE(256);
  return createHash('sha256')
    .update(Buffer.from([0, 0, 0, 1]))
    .update(z)
    .update(Buffer.concat([...field(Buffer.from(alg, 'ascii')), ...field(apu), ...field(apv), bits]))
    .digest();
}

/**
 * Opens a compact JWE made with ECDH-ES+A256KW and A256GCM to `key` (an ECDH P-256 private key)
 * and returns its plaintext. Throws JweRefused: 'malformed' for anything that is not such a JWE,
 * 'decrypt' when it is one but not to this key or altered.
 */
export function decryptRecordJwe(jwe: string, key: KeyObject | CryptoKey): Buffer {
  const parts = jwe.split('.');
  if (parts.length !== 5) malformed('a compact JWE has five parts');
  const [head, wrappedKey, ivPart, ciphertextPart, tagPart] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const h = protectedHeaderOf(jwe);
  if (h.alg !== 'ECDH-ES+A256KW' || h.enc !== 'A256GCM')
    malformed('the JWE must be ECDH-ES+A256KW / A256GCM');
  // Nothing this reader does not understand may change the meaning (RFC 7516 §4.1.13, §4.1.3).
  if ('crit' in h || 'zip' in h) malformed('the JWE header asks for crit or zip, which records never use');
  const epk = h.epk;
  if (typeof epk !== 'object' || epk === null || epk.kty !== 'EC' || epk.crv !== 'P-256' || 'd' in epk)
    malformed('the JWE header has no P-256 public epk');
  let ephemeral: KeyObject;
  try {
    // OpenSSL refuses a point that is not on the curve here (the invalid-curve attack on ECDH-ES).
    ephemeral = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: epk!.x, y: epk!.y }, format: 'jwk' });
  } catch {
    return malformed('the epk is not a P-256 point');
  }
  const apu = typeof h.apu === 'string' ? b64u(h.apu, 'apu') : Buffer.alloc(0);
  const apv = typeof h.apv === 'string' ? b64u(h.apv, 'apv') : Buffer.alloc(0);
  const iv = b64u(ivPart, 'the IV');
  const tag = b64u(tagPart, 'the tag');
  const wrapped = b64u(wrappedKey, 'the encrypted key');
  const ciphertext = b64u(ciphertextPart, 'the ciphertext');
  if (iv.length !== 12 || tag.length !== 16 || wrapped.length !== 40)
    malformed('the IV, tag or encrypted key has the wrong length for A256GCM / A256KW');
  const privateKey = key instanceof KeyObject ? key : KeyObject.from(key);
  let cek: Buffer;
  try {
    const z = diffieHellman({ privateKey, publicKey: ephemeral });
    const kek = concatKdf(z, 'ECDH-ES+A256KW', apu, apv);
    const unwrap = createDecipheriv('id-aes256-wrap', kek, KW_IV);
    cek = Buffer.concat([unwrap.update(wrapped), unwrap.final()]);
  } catch {
    throw new JweRefused('decrypt', 'the content key does not unwrap with this key');
  }
  try {
    const gcm = createDecipheriv('aes-256-gcm', cek, iv, { authTagLength: 16 });
    gcm.setAAD(Buffer.from(head, 'ascii'));
    gcm.setAuthTag(tag);
    return Buffer.concat([gcm.update(ciphertext), gcm.final()]);
  } catch {
    throw new JweRefused('decrypt', 'the ciphertext does not authenticate');
  }
}
