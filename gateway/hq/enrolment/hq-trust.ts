import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { exportJWK, type JWK } from 'jose';
import type { Clock } from '../../core/clock.js';
import { CardgateError } from '../../core/errors.js';
import { spkiFingerprint } from '../../handoff/jose/key-ids.js';
import { KEY_LABELS, type KeyStore } from '../../keys/key-store.js';
import type { Database, Queryable } from '../db/database.js';
import { issueCertificate, makeCaCertificate, type CaSigner } from './certificates.js';

/** Advisory lock key for creating HQ's trust material once across replicas ("cg-trust"). */
const TRUST_LOCK = '7163911570183369076';

export interface HqKey {
  kid: string;
  cert: x509.X509Certificate;
  publicKey: KeyObject;
  jwk: JWK & { kid: string };
}

/** HQ's station CA, record key and command key, as the enrolment and ingest code use them. */
export interface HqTrust {
  ca: x509.X509Certificate;
  /** SHA-256 of the CA key's SPKI, base64url: what every enrolment token carries. */
  caFingerprint: string;
  caSigner: CaSigner;
  record: HqKey;
  command: HqKey;
  /** HQ's record decryption key of that key id (unwrapped once through the key store). */
  recordPrivateKey(kid: string | undefined): Promise<KeyObject | undefined>;
}

interface TrustRow {
  name: 'station-ca' | 'record' | 'command';
  kid: string;
  cert_der: Buffer;
  wrapped_private: Buffer | null;
}

async function ensureKey(store: KeyStore, label: string, kind: 'sign' | 'wrap'): Promise<void> {
  if (await store.has(label)) return;
  try {
    if (kind === 'sign') await store.createSigningKey(label);
    else await store.createWrappingKey(label);
  } catch (e) {
    // Another replica (or the hq helper's registry) made it in between: that one is ours too.
    if ((e as CardgateError).code !== 'KEY_EXISTS') throw e;
  }
}

async function create(tx: Queryable, store: KeyStore, now: Date, have: Map<string, TrustRow>): Promise<void> {
  const insert = (name: string, kid: string, cert: x509.X509Certificate, wrapped: Uint8Array | null) =>
    tx.query('INSERT INTO hq_trust (name, kid, cert_der, wrapped_private) VALUES ($1, $2, $3, $4)', [
      name,
      kid,
      Buffer.from(cert.rawData),
      wrapped && Buffer.from(wrapped),
    ]);
  let ca =
    have.get('station-ca') && new x509.X509Certificate(new Uint8Array(have.get('station-ca')!.cert_der));
  if (!ca) {
    await ensureKey(store, KEY_LABELS.hqStationCa, 'sign');
    ca = await makeCaCertificate(store, KEY_LABELS.hqStationCa, now);
    await insert('station-ca', spkiFingerprint(await store.publicKey(KEY_LABELS.hqStationCa)), ca, null);
  }
  const signer: CaSigner = { store, label: KEY_LABELS.hqStationCa, ca };
  if (!have.has('command')) {
    await ensureKey(store, KEY_LABELS.hqCommandSigner, 'sign');
    const pub = await store.publicKey(KEY_LABELS.hqCommandSigner);
    const cert = await issueCertificate(signer, {
      role: 'command',
      subject: 'CN=cardgate HQ command signer, O=cardgate',
      publicKey: pub,
      now,
      days: 10 * 365,
    });
    await insert('command', spkiFingerprint(pub), cert, null);
  }
  if (!have.has('record')) {
    await ensureKey(store, KEY_LABELS.hqRecordKek, 'wrap');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const wrapped = await store.wrap(
      KEY_LABELS.hqRecordKek,
      privateKey.export({ format: 'der', type: 'pkcs8' }),
    );
    const cert = await issueCertificate(signer, {
      role: 'record',
      subject: 'CN=cardgate HQ record key, O=cardgate',
      publicKey,
      now,
      days: 10 * 365,
    });
    await insert('record', spkiFingerprint(publicKey), cert, wrapped);
  }
}

const keyOf = async (row: TrustRow, use: 'enc' | 'sig'): Promise<HqKey> => {
  const cert = new x509.X509Certificate(new Uint8Array(row.cert_der));
  const publicKey = createPublicKey({
    key: Buffer.from(cert.publicKey.rawData),
    format: 'der',
    type: 'spki',
  });
  const jwk = {
    ...(await exportJWK(publicKey)),
    kid: row.kid,
    use,
    alg: use === 'enc' ? 'ECDH-ES+A256KW' : 'ES256',
  };
  return { kid: row.kid, cert, publicKey, jwk };
};

/**
 * Loads HQ's trust material, creating what is missing the first time (under an advisory lock,
 * so replicas starting together make one CA). Refuses (HQ_KEYS_MISMATCH) a database whose CA
 * certificate is not for the key store's CA key: HQ started with another data directory's keys.
 */
export async function loadHqTrust(db: Database, store: KeyStore, clock: Clock): Promise<HqTrust> {
  const rows = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [TRUST_LOCK]);
    const read = async () =>
      new Map(
        (await tx.query<TrustRow>('SELECT name, kid, cert_der, wrapped_private FROM hq_trust')).map((r) => [
          r.name,
          r,
        ]),
      );
    const have = await read();
    if (have.size === 3) return have;
    await create(tx, store, new Date(clock.now()), have);
    return read();
  });
  const caRow = rows.get('station-ca')!;
  const ca = new x509.X509Certificate(new Uint8Array(caRow.cert_der));
  const caKey = await store.publicKey(KEY_LABELS.hqStationCa).catch(() => undefined);
  if (!caKey || spkiFingerprint(caKey) !== caRow.kid)
    throw new CardgateError(
      'HQ_KEYS_MISMATCH',
      "the database's station CA is not the key store's CA key: HQ runs with another installation's keys",
    );
  const recordRow = rows.get('record')!;
  const cache = new Map<string, KeyObject>();
  return {
    ca,
    caFingerprint: caRow.kid,
    caSigner: { store, label: KEY_LABELS.hqStationCa, ca },
    record: await keyOf(recordRow, 'enc'),
    command: await keyOf(rows.get('command')!, 'sig'),
    async recordPrivateKey(kid) {
      if (kid !== recordRow.kid || !recordRow.wrapped_private) return undefined;
      let key = cache.get(kid);
      if (!key) {
        const der = await store.unwrap(KEY_LABELS.hqRecordKek, recordRow.wrapped_private);
        key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
        cache.set(kid, key);
      }
      return key;
    },
  };
}
