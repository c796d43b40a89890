import { join } from 'node:path';
import { CompactEncrypt } from 'jose';
import { createPublicKey } from 'node:crypto';
import { expect, it } from 'vitest';
import { enrolStation } from '../../gateway/enrolment/enrol.js';
import type { EnrolmentFile } from '../../gateway/enrolment/enrolment-file.js';
import type { IssuanceRecord } from '../../gateway/handoff/contract/record.js';
import { sealRecord } from '../../gateway/handoff/jose/seal-record.js';
import { signCompactJws } from '../../gateway/handoff/jose/store-jws.js';
import { loadHqTrust } from '../../gateway/hq/enrolment/hq-trust.js';
import { StationBook } from '../../gateway/hq/enrolment/station-book.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { startTestHq } from '../helpers/hq.js';
import { sampleRecord } from '../helpers/issuance-record.js';
import { makeTempDir } from '../helpers/temp-dir.js';

async function enrolled(hqUrl: string, book: StationBook, site: string, station: string) {
  const dataDir = makeTempDir('cg-st-');
  const store = new FileKeyStore(join(dataDir, 'keys'));
  const token = await book.add(site, station);
  const file = await enrolStation({ dataDir, hqUrl, token, store, clock: { now: () => Date.now() } });
  const seal = (r: unknown, over: Partial<EnrolmentFile> = {}) =>
    sealRecord(r as IssuanceRecord, {
      store,
      signingLabel: file.identityLabel,
      certThumbprint: over.certThumbprint ?? file.certThumbprint,
      recipient: createPublicKey({ key: file.recordKey, format: 'jwk' }),
      recipientKid: file.recordKey.kid,
    });
  return { file, store, seal };
}

forEachDatabase('POST /api/v1/records at HQ', (open) => {
  it('stores a record once (201, then 200) and refuses every bad one with a code, a log line, an audit entry and nothing stored', async () => {
    const t = await open();
    const hq = await startTestHq(t);
    try {
      const trust = await loadHqTrust(hq.ctx.db, hq.ctx.keys, hq.ctx.clock);
      const book = new StationBook(hq.ctx.db, trust, hq.ctx.clock);
      const a = await enrolled(hq.url, book, 'site-a', 'st-1');
      const post = (jwe: unknown) => hq.request('POST', '/api/v1/records', { body: { jwe } });
      const record = sampleRecord({ siteId: 'site-a', stationId: 'st-1', number: 'RT0000101' });

      const first = await post(await a.seal(record));
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ recordId: record.recordId, result: 'created' });
      // Sealed again (a new JWE of the same record): stored once, answered 200.
      const again = await post(await a.seal(record));
      expect(again.status).toBe(200);
      expect(again.body.result).toBe('duplicate');
      expect((await hq.ctx.registry.records('RT0000101')).length).toBe(1);
      expect((await hq.ctx.registry.document('RT0000101'))?.status).toBe('valid');

      const refused = async (jwe: unknown, status: number, code: string) => {
        const res = await post(jwe);
        expect(res.status, code).toBe(status);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.code).toBe(code);
        const audit = await hq.ctx.audit.read({ actionPrefix: 'record.ingest' });
        expect(audit.at(-1)).toMatchObject({ outcome: 'denied', details: expect.objectContaining({ code }) });
      };
      // Altered replay: the same record id with other content.
      await refused(await a.seal({ ...record, operatorId: 'someone-else' }), 409, 'RECORD_CONFLICT');
      // Malformed JOSE, schema error, oversized.
      await refused('not-a-jwe', 400, 'RECORD_JOSE_MALFORMED');
      await refused('a.b.c.d.e', 400, 'RECORD_JOSE_MALFORMED');
      await refused(
        await a.seal({ ...sampleRecord({ siteId: 'site-a', stationId: 'st-1' }), v: 2 }),
        422,
        'RECORD_SCHEMA',
      );
      await refused('x'.repeat(1_100_000), 413, 'RECORD_TOO_LARGE');
      // Signed by a key that is not the certificate's.
      await a.store.createSigningKey('intruder');
      const forgedJws = await signCompactJws(
        a.store,
        'intruder',
        { 'x5t#S256': a.file.certThumbprint },
        new TextEncoder().encode(
          JSON.stringify(sampleRecord({ siteId: 'site-a', stationId: 'st-1', jobId: '20261130-00000000f1' })),
        ),
      );
      const forged = await new CompactEncrypt(new TextEncoder().encode(forgedJws))
        .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: a.file.recordKey.kid })
        .encrypt(createPublicKey({ key: a.file.recordKey, format: 'jwk' }));
      await refused(forged, 401, 'RECORD_SIGNATURE_INVALID');
      // Unknown certificate; a record naming another station; a suspended station.
      await refused(await a.seal(record, { certThumbprint: 'U'.repeat(43) }), 403, 'STATION_UNKNOWN');
      await refused(
        await a.seal(sampleRecord({ siteId: 'site-a', stationId: 'st-9' })),
        403,
        'RECORD_STATION_MISMATCH',
      );
      await book.setStatus('site-a', 'st-1', 'suspended');
      await refused(
        await a.seal(
          sampleRecord({
            siteId: 'site-a',
            stationId: 'st-1',
            jobId: '20261130-00000000e1',
            number: 'RT0000102',
          }),
        ),
        403,
        'STATION_SUSPENDED',
      );

      // Nothing of the refused ones is stored: still the one record.
      const rows = await hq.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
      expect(rows[0]!.n).toBe(1);
    } finally {
      await hq.stop();
    }
  });
});
