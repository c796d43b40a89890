import type { KeyObject } from 'node:crypto';

/**
 * Every private key of a station and of headquarters lives behind this one interface, selected by
 * label: the data-at-rest key-encryption key, the document signer, the station identity (enrolment,
 * record signatures, MQTT client certificate), and at HQ the record key-encryption key, the station
 * CA and the command signer. A token implementation (PKCS#11) generates keys inside the token and
 * never lets them out; the file implementation is the embedded development default only.
 *
 * Signing is ECDSA P-256 over SHA-256 and returns raw r‖s (64 bytes): the form JOSE's ES256 and the
 * seal use; CMS and X.509 callers convert it to DER. Wrapping protects small secrets (AES data keys,
 * HQ's record decryption key) so the clear secret never touches disk.
 */
export interface KeyStore {
  /** `pkcs11` for a token, `file` for the development default. */
  readonly kind: 'pkcs11' | 'file';
  /** True when the keys are not protected by a token (the development default). */
  readonly development: boolean;
  /** Where the keys live, for /ready and the technician page: never a secret or a PIN. */
  readonly location: string;

  /** True when a key with this label exists. */
  has(label: string): Promise<boolean>;
  /** Generates an ECDSA P-256 pair inside the store; refuses (KEY_EXISTS) if the label is taken. */
  createSigningKey(label: string): Promise<KeyObject>;
  /** The public half of a signing key (KEY_NOT_FOUND when absent). */
  publicKey(label: string): Promise<KeyObject>;
  /** ECDSA P-256 / SHA-256 of `data`, raw r‖s. */
  sign(label: string, data: Uint8Array): Promise<Uint8Array>;

  /** Generates an AES-256 key-encryption key inside the store (KEY_EXISTS if taken). */
  createWrappingKey(label: string): Promise<void>;
  /** Encrypts a secret under the wrapping key `label`; the result is safe to store on disk. */
  wrap(label: string, secret: Uint8Array): Promise<Uint8Array>;
  /** Reverses `wrap`; fails with KEY_UNWRAP_FAILED on tampered input or a different store's key. */
  unwrap(label: string, wrapped: Uint8Array): Promise<Uint8Array>;

  /** Removes a key (re-keying); no error when it does not exist. */
  destroy(label: string): Promise<void>;
  /** Resolves when the store is usable (token present, logged in); rejects with KEY_STORE_UNAVAILABLE. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** The labels in use, so the station and HQ name the same key the same way. */
export const KEY_LABELS = {
  dataKek: 'cardgate-data-kek',
  documentSigner: 'cardgate-document-signer',
  stationIdentity: 'cardgate-station-identity',
  hqRecordKek: 'cardgate-hq-record-kek',
  hqStationCa: 'cardgate-hq-station-ca',
  hqCommandSigner: 'cardgate-hq-command-signer',
  csca: 'cardgate-csca',
} as const;
