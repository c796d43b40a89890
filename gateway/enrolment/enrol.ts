import 'reflect-metadata';
import { createPublicKey } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { importJWK, exportJWK } from 'jose';
import { Value } from 'typebox/value';
import type { Clock } from '../core/clock.js';
import { CardgateError, isCardgateError } from '../core/errors.js';
import { isCatalogued } from '../core/error-catalogue.js';
import { EnrolResponse } from '../handoff/contract/enrolment.js';
import { certThumbprint, spkiFingerprint } from '../handoff/jose/key-ids.js';
import { KEY_LABELS, type KeyStore } from '../keys/key-store.js';
import { writeFileDurable } from '../storage/durable-file.js';
import { enrolledKeysPath } from '../telemetry/command-keys.js';
import { readEnrolment, writeEnrolment, type EnrolmentFile } from './enrolment-file.js';
import { hqEndpoint, postJson, problemOf, type HqClientOptions } from './hq-client.js';
import { storeCrypto, storeKeyPair } from './store-x509.js';
import { parseToken } from './token.js';

export interface EnrolOptions extends HqClientOptions {
  dataDir: string;
  hqUrl: string;
  token: string;
  store: KeyStore;
  clock: Clock;
  /** Enrol again with a re-key token: a new identity key, the old one destroyed afterwards. */
  rekey?: boolean;
}

const mismatch = (why: string): never => {
  throw new CardgateError('ENROL_HQ_MISMATCH', `refusing HQ's answer: ${why}`);
};

const spkiOf = (c: x509.X509Certificate) =>
  spkiFingerprint(createPublicKey({ key: Buffer.from(c.publicKey.rawData), format: 'der', type: 'spki' }));

/**
 * `cardgate enrol`: makes the station identity key in the key store, sends a CSR with the
 * one-time token, and trusts what comes back only if HQ's CA key is the one the token names and
 * every certificate chains to it. Stores the certificates and HQ's record key in
 * <dataDir>/hq/enrolment.json and HQ's command key in <dataDir>/hq/command-keys.json (which the
 * command handler reads). Nothing is stored when any check fails.
 */
export async function enrolStation(o: EnrolOptions): Promise<EnrolmentFile> {
  const token = parseToken(o.token);
  if (Date.parse(token.expiresAt) <= o.clock.now())
    throw new CardgateError('ENROL_TOKEN_EXPIRED', `the token expired at ${token.expiresAt}`);
  const before = await readEnrolment(o.dataDir);
  if (before && !o.rekey)
    throw new CardgateError(
      'ENROL_EXISTS',
      `enrolled with ${before.hqUrl} already (use --rekey with a re-key token)`,
    );
  const label = before ? nextLabel(before.identityLabel) : KEY_LABELS.stationIdentity;
  // A key left by an attempt that failed after making it is still this station's: reuse it.
  if (!(await o.store.has(label))) await o.store.createSigningKey(label);
  const keys = await storeKeyPair(o.store, label);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: `CN=${token.station}, OU=${token.site}, O=cardgate`,
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    },
    storeCrypto(o.store),
  );

  const url = hqEndpoint(o.hqUrl, 'enrol');
  let res;
  try {
    res = await postJson(url, { token: o.token.trim(), csr: csr.toString('pem') }, o);
  } catch (cause) {
    throw new CardgateError('ENROL_HQ_UNREACHABLE', `cannot reach ${url}: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (res.status !== 200 && res.status !== 201) {
    const p = problemOf(res.body);
    if (p && isCatalogued(p.code)) throw new CardgateError(p.code, `HQ refused the enrolment: ${p.detail}`);
    throw new CardgateError('ENROL_HQ_UNREACHABLE', `HQ answered ${res.status} to the enrolment`);
  }
  if (!Value.Check(EnrolResponse, res.body)) mismatch('the answer is not an enrolment response');
  const answer = res.body as EnrolResponse;

  const ca = new x509.X509Certificate(answer.caCertificate);
  if (spkiOf(ca) !== token.caFingerprint)
    mismatch("HQ's CA key is not the one the token names (an impostor?)");
  if (!(await ca.verify({ publicKey: ca, signatureOnly: true })))
    mismatch('the CA certificate is not self-signed');
  const station = new x509.X509Certificate(answer.stationCertificate);
  const checks: Array<[x509.X509Certificate, string]> = [
    [station, 'station'],
    [new x509.X509Certificate(answer.recordKeyCertificate), 'record key'],
    [new x509.X509Certificate(answer.commandKeyCertificate), 'command key'],
  ];
  for (const [cert, what] of checks)
    if (!(await cert.verify({ publicKey: ca, signatureOnly: true })))
      mismatch(`the ${what} certificate is not from HQ's CA`);
  if (spkiOf(station) !== spkiFingerprint(keys.publicKeyObject))
    mismatch('the station certificate is for another key');
  if (answer.site !== token.site || answer.station !== token.station)
    mismatch('the answer names another station');
  const jwkSpki = async (jwk: EnrolResponse['recordKey']) =>
    spkiFingerprint(
      createPublicKey({ key: (await exportJWK(await importJWK(jwk, 'ES256'))) as never, format: 'jwk' }),
    );
  if ((await jwkSpki(answer.recordKey)) !== spkiOf(checks[1]![0]))
    mismatch('the record key is not the certified one');
  if ((await jwkSpki(answer.commandKey)) !== spkiOf(checks[2]![0]))
    mismatch('the command key is not the certified one');

  const file: EnrolmentFile = {
    v: 1,
    hqUrl: o.hqUrl,
    enrolledAt: new Date(o.clock.now()).toISOString(),
    identityLabel: label,
    certThumbprint: certThumbprint(new Uint8Array(station.rawData)),
    ...answer,
  };
  await writeFileDurable(
    enrolledKeysPath(o.dataDir),
    `${JSON.stringify({ keys: [answer.commandKey] }, null, 2)}\n`,
  );
  await writeEnrolment(o.dataDir, file);
  if (before && before.identityLabel !== label)
    await o.store.destroy(before.identityLabel).catch((e: unknown) => {
      if (!isCardgateError(e)) throw e;
    });
  return file;
}

/** cardgate-station-identity → cardgate-station-identity.2 → .3 … */
function nextLabel(label: string): string {
  const m = /^(.*)\.(\d+)$/.exec(label);
  return m ? `${m[1]}.${Number(m[2]) + 1}` : `${label}.2`;
}
