import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The cryptography of Basic Access Control (ICAO Doc 9303-11 §4.3 and Appendix D): 3DES keys
 * derived from the MRZ, 2-key 3DES in CBC with a zero IV, and the ISO/IEC 9797-1 MAC algorithm 3
 * ("retail MAC") with padding method 2. Node's OpenSSL 3 has no single DES in its default
 * provider, so the MAC's single-DES chain runs as 3DES with K‖K (the same cipher, by definition).
 */
const ZERO_IV = Buffer.alloc(8);

function tdes(mode: 'enc' | 'dec', key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Buffer {
  const c =
    mode === 'enc' ? createCipheriv('des-ede-cbc', key, iv) : createDecipheriv('des-ede-cbc', key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export const tdesEncrypt = (key: Uint8Array, data: Uint8Array): Buffer => tdes('enc', key, data);
export const tdesDecrypt = (key: Uint8Array, data: Uint8Array): Buffer => tdes('dec', key, data);

/** ISO/IEC 9797-1 padding method 2: 80 then zeros to a multiple of 8. */
export function pad(data: Uint8Array): Buffer {
  const n = 8 - (data.length % 8);
  const out = Buffer.alloc(data.length + n);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/** Removes padding method 2; throws RangeError when the padding is not there. */
export function unpad(data: Uint8Array): Buffer {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80) throw new RangeError('bad ISO 9797-1 padding');
  return Buffer.from(data.subarray(0, i));
}

/** Retail MAC over `data` (padded here) with the 16-byte key Ka‖Kb. */
export function retailMac(key: Uint8Array, data: Uint8Array): Buffer {
  const padded = pad(data);
  const ka = key.subarray(0, 8);
  const single = Buffer.concat([ka, ka]);
  const head = padded.subarray(0, padded.length - 8);
  const h = head.length > 0 ? tdes('enc', single, head).subarray(-8) : ZERO_IV;
  return tdes('enc', key, padded.subarray(-8), h);
}

function adjustParity(key: Buffer): Buffer {
  for (let i = 0; i < key.length; i++) {
    const b = key[i]! & 0xfe;
    let ones = 0;
    for (let v = b; v; v >>= 1) ones += v & 1;
    key[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return key;
}

/** K = SHA-1(seed ‖ counter)[0..16] with DES parity; counter 1 gives K_enc, 2 gives K_mac. */
export function deriveKey(seed: Uint8Array, counter: 1 | 2): Buffer {
  const d = createHash('sha1')
    .update(seed)
    .update(Uint8Array.of(0, 0, 0, counter))
    .digest();
  return adjustParity(d.subarray(0, 16));
}

export interface BacKeys {
  enc: Buffer;
  mac: Buffer;
}

/** K_seed = SHA-1(MRZ information)[0..16]; the document keys derive from it. */
export function keySeed(mrzInformation: string): Buffer {
  return createHash('sha1').update(mrzInformation, 'ascii').digest().subarray(0, 16);
}

export function documentKeys(mrzInformation: string): BacKeys {
  const seed = keySeed(mrzInformation);
  return { enc: deriveKey(seed, 1), mac: deriveKey(seed, 2) };
}

export const random8 = (): Buffer => randomBytes(8);
export const random16 = (): Buffer => randomBytes(16);

const xor = (a: Uint8Array, b: Uint8Array): Buffer => Buffer.from(a.map((v, i) => v ^ b[i]!));

/** Session keys and the send sequence counter after mutual authentication. */
export interface SessionKeys extends BacKeys {
  ssc: Buffer;
}

/** The terminal's EXTERNAL AUTHENTICATE data: E_IFD ‖ M_IFD over RND.IFD ‖ RND.ICC ‖ K.IFD. */
export function externalAuthenticateData(
  keys: BacKeys,
  rndIcc: Uint8Array,
  rndIfd: Uint8Array,
  kIfd: Uint8Array,
): Buffer {
  const e = tdesEncrypt(keys.enc, Buffer.concat([rndIfd, rndIcc, kIfd]));
  return Buffer.concat([e, retailMac(keys.mac, e)]);
}

/**
 * Checks the chip's answer (E_ICC ‖ M_ICC) and derives the session: returns undefined when the MAC
 * or the echoed RND.IFD is wrong (a chip that does not know our MRZ).
 */
export function sessionFromResponse(
  keys: BacKeys,
  response: Uint8Array,
  rndIcc: Uint8Array,
  rndIfd: Uint8Array,
  kIfd: Uint8Array,
): SessionKeys | undefined {
  if (response.length !== 40) return undefined;
  const e = response.subarray(0, 32);
  if (!retailMac(keys.mac, e).equals(response.subarray(32))) return undefined;
  const r = tdesDecrypt(keys.enc, e);
  if (!r.subarray(0, 8).equals(rndIcc) || !r.subarray(8, 16).equals(rndIfd)) return undefined;
  const seed = xor(kIfd, r.subarray(16, 32));
  return {
    enc: deriveKey(seed, 1),
    mac: deriveKey(seed, 2),
    ssc: Buffer.concat([rndIcc.subarray(4, 8), rndIfd.subarray(4, 8)]),
  };
}
