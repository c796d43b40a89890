import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { Clock } from '../../core/clock.js';
import { CardgateError } from '../../core/errors.js';
import { formatToken, parseToken } from '../../enrolment/token.js';
import type { EnrolResponse } from '../../handoff/contract/enrolment.js';
import { certThumbprint } from '../../handoff/jose/key-ids.js';
import type { SignerLookup } from '../../handoff/jose/open-record.js';
import type { Database } from '../db/database.js';
import { dnValue, issueCertificate } from './certificates.js';
import type { HqTrust } from './hq-trust.js';

const TOKEN_TTL_MS = 24 * 3_600_000;
const STATION_CERT_DAYS = 2 * 365;
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export type StationStatus = 'pending' | 'active' | 'suspended' | 'retired';

export interface StationView {
  site: string;
  station: string;
  status: StationStatus;
  certificate: { thumbprint: string; notAfter: string } | null;
  createdAt: string;
}

const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();
const pem = (c: x509.X509Certificate) => c.toString('pem');

/**
 * The stations HQ knows and their certificates: `station add` and `rekey` make one-time tokens
 * (only a hash is kept), `enrol` turns a token and a CSR into a certificate from the station CA,
 * `signer` answers the ingest's question "which station signed this, and may it?".
 */
export class StationBook {
  /**
   * Public keys of certificates already parsed, by thumbprint (the hash of the DER, so a cached
   * key can never be stale). Parsing the X.509 was 15% of HQ's CPU per ingested record; the
   * station's status is still read on every record.
   */
  readonly #keys = new Map<string, KeyObject>();

  constructor(
    private readonly db: Database,
    private readonly trust: HqTrust,
    private readonly clock: Clock,
  ) {}

  async #token(site: string, station: string, purpose: 'enrol' | 'rekey'): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now + TOKEN_TTL_MS).toISOString();
    await this.db.query(
      `INSERT INTO station_tokens (secret_hash, site, station, purpose, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [hashSecret(secret), site, station, purpose, new Date(now), expiresAt],
    );
    return formatToken({ site, station, secret, caFingerprint: this.trust.caFingerprint, expiresAt });
  }

  /** A new station (pending until it enrols) and its one-time token. */
  async add(site: string, station: string): Promise<string> {
    if (!ID.test(site) || !ID.test(station))
      throw new CardgateError('BAD_ARGUMENT', 'site and station ids are lower-case letters, digits and -');
    const rows = await this.db.query(
      `INSERT INTO stations (site, station, status) VALUES ($1, $2, 'pending')
       ON CONFLICT DO NOTHING RETURNING station`,
      [site, station],
    );
    if (rows.length === 0)
      throw new CardgateError('STATION_EXISTS', `station ${site}/${station} exists already`);
    return this.#token(site, station, 'enrol');
  }

  /** A token with which the station enrols a new identity key; its older certificate is retired then. */
  async rekey(site: string, station: string): Promise<string> {
    await this.#require(site, station);
    return this.#token(site, station, 'rekey');
  }

  async setStatus(site: string, station: string, status: 'suspended' | 'active'): Promise<void> {
    const cur = await this.#require(site, station);
    // Resuming a station that never enrolled leaves it pending.
    const next = status === 'active' && !(await this.#hasCertificate(site, station)) ? 'pending' : status;
    if (cur !== next)
      await this.db.query('UPDATE stations SET status = $3 WHERE site = $1 AND station = $2', [
        site,
        station,
        next,
      ]);
  }

  async list(): Promise<StationView[]> {
    const rows = await this.db.query<{
      site: string;
      station: string;
      status: StationStatus;
      created_at: Date;
      thumbprint: string | null;
      cert_der: Buffer | null;
    }>(
      `SELECT s.site, s.station, s.status, s.created_at, c.thumbprint, c.cert_der
         FROM stations s LEFT JOIN station_certificates c
           ON c.site = s.site AND c.station = s.station AND c.retired_at IS NULL
        ORDER BY s.site, s.station`,
    );
    return rows.map((r) => ({
      site: r.site,
      station: r.station,
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
      certificate:
        r.thumbprint && r.cert_der
          ? {
              thumbprint: r.thumbprint,
              notAfter: new x509.X509Certificate(new Uint8Array(r.cert_der)).notAfter.toISOString(),
            }
          : null,
    }));
  }

  /** POST /api/v1/enrol: checks the token and the CSR, issues the station certificate. */
  async enrol(tokenText: string, csrPem: string): Promise<EnrolResponse> {
    const token = parseToken(tokenText);
    const now = this.clock.now();
    const [row] = await this.db.query<{
      site: string;
      station: string;
      expires_at: Date;
      used_at: Date | null;
    }>('SELECT site, station, expires_at, used_at FROM station_tokens WHERE secret_hash = $1', [
      hashSecret(token.secret),
    ]);
    if (!row || row.site !== token.site || row.station !== token.station)
      throw new CardgateError('ENROL_TOKEN_INVALID', 'no such enrolment token');
    if (row.used_at) throw new CardgateError('ENROL_TOKEN_USED', 'this enrolment token was used already');
    if (new Date(row.expires_at).getTime() <= now)
      throw new CardgateError('ENROL_TOKEN_EXPIRED', 'this enrolment token has expired');
    const publicKey = await this.#csrKey(csrPem);
    const cert = await issueCertificate(this.trust.caSigner, {
      role: 'station',
      subject: `CN=${dnValue(row.station)}, OU=${dnValue(row.site)}, O=cardgate`,
      publicKey,
      now: new Date(now),
      days: STATION_CERT_DAYS,
    });
    const thumb = certThumbprint(new Uint8Array(cert.rawData));
    await this.db.transaction(async (tx) => {
      const used = await tx.query(
        'UPDATE station_tokens SET used_at = $2 WHERE secret_hash = $1 AND used_at IS NULL RETURNING site',
        [hashSecret(token.secret), new Date(now)],
      );
      if (used.length === 0)
        throw new CardgateError('ENROL_TOKEN_USED', 'this enrolment token was used already');
      await tx.query(
        'UPDATE station_certificates SET retired_at = $3 WHERE site = $1 AND station = $2 AND retired_at IS NULL',
        [row.site, row.station, new Date(now)],
      );
      await tx.query(
        `INSERT INTO station_certificates (thumbprint, site, station, cert_der, issued_at) VALUES ($1, $2, $3, $4, $5)`,
        [thumb, row.site, row.station, Buffer.from(cert.rawData), new Date(now)],
      );
      await tx.query(
        `UPDATE stations SET status = 'active' WHERE site = $1 AND station = $2 AND status = 'pending'`,
        [row.site, row.station],
      );
    });
    const { record, command } = this.trust;
    return {
      site: row.site,
      station: row.station,
      stationCertificate: pem(cert),
      caCertificate: pem(this.trust.ca),
      recordKeyCertificate: pem(record.cert),
      commandKeyCertificate: pem(command.cert),
      recordKey: {
        kty: 'EC',
        crv: 'P-256',
        x: record.jwk.x!,
        y: record.jwk.y!,
        kid: record.kid,
        use: 'enc',
        alg: 'ECDH-ES+A256KW',
      },
      commandKey: {
        kty: 'EC',
        crv: 'P-256',
        x: command.jwk.x!,
        y: command.jwk.y!,
        kid: command.kid,
        use: 'sig',
        alg: 'ES256',
      },
    };
  }

  /** The station whose certificate has this thumbprint, if it may hand records off. */
  async signer(thumbprint: string): Promise<SignerLookup> {
    const [row] = await this.db.query<{
      site: string;
      station: string;
      status: StationStatus;
      cert_der: Buffer;
    }>(
      `SELECT c.site, c.station, s.status, c.cert_der FROM station_certificates c
         JOIN stations s ON s.site = c.site AND s.station = c.station WHERE c.thumbprint = $1`,
      [thumbprint],
    );
    if (!row || row.status === 'retired')
      throw new CardgateError('STATION_UNKNOWN', 'the record is signed by a certificate HQ did not issue');
    if (row.status === 'suspended')
      throw new CardgateError('STATION_SUSPENDED', `station ${row.site}/${row.station} is suspended`, {
        details: { site: row.site, station: row.station },
      });
    let publicKey = this.#keys.get(thumbprint);
    if (!publicKey) {
      const cert = new x509.X509Certificate(new Uint8Array(row.cert_der));
      publicKey = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
      this.#keys.set(thumbprint, publicKey);
    }
    return { siteId: row.site, stationId: row.station, publicKey };
  }

  async #csrKey(csrPem: string) {
    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(csrPem);
    } catch (cause) {
      throw new CardgateError('ENROL_CSR_INVALID', 'the certificate request is not a PKCS#10 request', {
        cause,
      });
    }
    const alg = csr.publicKey.algorithm as { name?: string; namedCurve?: string };
    if (alg.name !== 'ECDSA' || alg.namedCurve !== 'P-256')
      throw new CardgateError('ENROL_CSR_INVALID', 'the station key must be ECDSA P-256');
    if (!(await csr.verify()))
      throw new CardgateError('ENROL_CSR_INVALID', 'the certificate request signature does not verify');
    return createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
  }

  async #require(site: string, station: string): Promise<StationStatus> {
    const [row] = await this.db.query<{ status: StationStatus }>(
      'SELECT status FROM stations WHERE site = $1 AND station = $2',
      [site, station],
    );
    if (!row) throw new CardgateError('STATION_NOT_FOUND', `no station ${site}/${station}`);
    return row.status;
  }

  async #hasCertificate(site: string, station: string): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM station_certificates WHERE site = $1 AND station = $2 AND retired_at IS NULL',
      [site, station],
    );
    return rows.length > 0;
  }
}
