import type { KeyObject } from 'node:crypto';
import { Value } from 'typebox/value';
import { CardgateError } from '../../core/errors.js';
import { IssuanceRecord } from '../contract/record.js';
import { decryptRecordJwe, JweRefused, protectedHeaderOf } from './record-jwe-decrypt.js';
import { JwsRefused, verifyRecordJws } from './record-jws-verify.js';
import { JWE_ALG, JWE_ENC } from './seal-record.js';

/** The certificate a JWS names, as HQ knows it: whose it is and whether it may sign. */
export interface SignerLookup {
  stationId: string;
  siteId: string;
  publicKey: KeyObject | CryptoKey;
}

export interface OpenedRecord {
  record: IssuanceRecord;
  /** The inner JWS exactly as signed: HQ keeps it as the station's proof. */
  jws: string;
  certThumbprint: string;
  signer: SignerLookup;
}

export interface OpenRecordOptions {
  /** HQ's record private keys by key id (the JWE `kid`); rotation keeps older ones readable. */
  decryptionKey(kid: string | undefined): Promise<KeyObject | CryptoKey | undefined>;
  /** The station certificate named by `x5t#S256` (throws STATION_UNKNOWN / STATION_SUSPENDED). */
  signer(certThumbprint: string): Promise<SignerLookup>;
}

const fail = (code: string, message: string, cause?: unknown): never => {
  throw new CardgateError(code, message, cause === undefined ? {} : { cause });
};

/**
 * HQ's side of sealRecord: decrypt with the record key, verify the JWS against the station's
 * certificate, check the payload against the contract and that it speaks for the station that
 * signed it. Every refusal is a typed error (RECORD_*, STATION_*).
 */
export async function openRecord(jwe: string, o: OpenRecordOptions): Promise<OpenedRecord> {
  let kid: string | undefined;
  try {
    const h = protectedHeaderOf(jwe);
    if (h.alg !== JWE_ALG || h.enc !== JWE_ENC)
      fail('RECORD_JOSE_MALFORMED', `JWE must be ${JWE_ALG} / ${JWE_ENC}`);
    kid = typeof h.kid === 'string' ? h.kid : undefined;
  } catch (e) {
    if (e instanceof CardgateError) throw e;
    fail('RECORD_JOSE_MALFORMED', 'the record is not a compact JWE', e);
  }
  const key = await o.decryptionKey(kid);
  if (!key) fail('RECORD_KEY_UNKNOWN', `the record is encrypted to an unknown HQ key ${String(kid)}`);
  let jws = '';
  try {
    jws = new TextDecoder('utf-8', { fatal: true }).decode(decryptRecordJwe(jwe, key!));
  } catch (e) {
    if (e instanceof JweRefused && e.reason === 'decrypt')
      fail('RECORD_DECRYPT_FAILED', 'the record does not decrypt with the HQ record key', e);
    fail('RECORD_JOSE_MALFORMED', 'the record JWE is malformed', e);
  }
  let thumb = '';
  try {
    thumb = String(protectedHeaderOf(jws)['x5t#S256'] ?? '');
  } catch (e) {
    fail('RECORD_JOSE_MALFORMED', 'the record JWE does not hold a compact JWS', e);
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(thumb))
    fail('RECORD_JOSE_MALFORMED', 'the JWS names no signer certificate');
  const signer = await o.signer(thumb);
  let payload: Buffer = Buffer.alloc(0);
  try {
    ({ payload } = verifyRecordJws(jws, signer.publicKey));
  } catch (e) {
    if (e instanceof JwsRefused && e.reason === 'signature')
      fail('RECORD_SIGNATURE_INVALID', 'the record signature does not verify', e);
    fail('RECORD_JOSE_MALFORMED', 'the record JWS is malformed', e);
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (e) {
    fail('RECORD_SCHEMA', 'the record payload is not JSON', e);
  }
  if (!Value.Check(IssuanceRecord, body)) {
    const first = Value.Errors(IssuanceRecord, body)[0];
    fail('RECORD_SCHEMA', `record ${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}`);
  }
  const record = body as IssuanceRecord;
  if (record.stationId !== signer.stationId || record.siteId !== signer.siteId)
    fail(
      'RECORD_STATION_MISMATCH',
      `a record of ${record.siteId}/${record.stationId} signed by ${signer.siteId}/${signer.stationId}`,
    );
  return { record, jws, certThumbprint: thumb, signer };
}
