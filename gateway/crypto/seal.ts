import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CardgateError } from '../core/errors.js';
import type { Keyring } from './keyring.js';

/**
 * AES-256-GCM blob: "CGE1" | key id length (1) | key id | iv (12) | tag (16) | ciphertext.
 * `aad` binds the blob to its place (e.g. the job id and kind), so a blob copied onto another
 * record fails to open.
 */
const MAGIC = Buffer.from('CGE1');

export function seal(ring: Keyring, plaintext: Uint8Array, aad: string): Buffer {
  const id = Buffer.from(ring.currentId, 'ascii');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.key(ring.currentId)!, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, cipher.getAuthTag(), body]);
}

export function keyIdOfBlob(blob: Buffer): string {
  if (blob.length < 5 || !blob.subarray(0, 4).equals(MAGIC)) {
    throw new CardgateError('SEALED_BLOB_INVALID', 'not a sealed blob');
  }
  return blob.subarray(5, 5 + blob[4]!).toString('ascii');
}

export function open(ring: Keyring, blob: Buffer, aad: string): Buffer {
  const id = keyIdOfBlob(blob);
  const key = ring.key(id);
  if (!key) throw new CardgateError('DATA_KEY_UNKNOWN', `blob sealed with unknown key ${id}`);
  let pos = 5 + blob[4]!;
  const iv = blob.subarray(pos, (pos += 12));
  const tag = blob.subarray(pos, (pos += 16));
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(blob.subarray(pos)), decipher.final()]);
  } catch (cause) {
    throw new CardgateError('SEALED_BLOB_TAMPERED', 'sealed blob failed authentication', { cause });
  }
}
