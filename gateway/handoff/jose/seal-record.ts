import { CompactEncrypt, type KeyObject } from 'jose';
import type { KeyStore } from '../../keys/key-store.js';
import type { IssuanceRecord } from '../contract/record.js';
import { signCompactJws } from './store-jws.js';

export interface SealRecordOptions {
  store: KeyStore;
  /** KeyStore label of the station identity key (KEY_LABELS.stationIdentity). */
  signingLabel: string;
  /** Thumbprint of the station certificate (`x5t#S256`), so HQ finds the certificate to verify with. */
  certThumbprint: string;
  /** HQ's record public key (ECDH P-256) and its key id. */
  recipient: KeyObject | CryptoKey;
  recipientKid: string;
}

export const JWE_ALG = 'ECDH-ES+A256KW';
export const JWE_ENC = 'A256GCM';

/**
 * The record as it leaves the station: a compact JWS (ES256, station identity key) inside a
 * compact JWE (ECDH-ES+A256KW / A256GCM) to HQ's record key. Signed then encrypted, so the record
 * is attributable to the station and readable by HQ alone, whatever carries it.
 */
export async function sealRecord(record: IssuanceRecord, o: SealRecordOptions): Promise<string> {
  const jws = await signCompactJws(
    o.store,
    o.signingLabel,
    { typ: 'cardgate-record+jws', 'x5t#S256': o.certThumbprint },
    new TextEncoder().encode(JSON.stringify(record)),
  );
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: JWE_ALG, enc: JWE_ENC, cty: 'JOSE', kid: o.recipientKid })
    .encrypt(o.recipient);
}
