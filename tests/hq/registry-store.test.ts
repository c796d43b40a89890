import { expect, it } from 'vitest';
import { HqAuditLog } from '../../gateway/hq/audit/audit-store.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import type { Database } from '../../gateway/hq/db/database.js';
import { RecordCipher } from '../../gateway/hq/registry/record-cipher.js';
import { RegistryStore } from '../../gateway/hq/registry/registry-store.js';
import { changesAfter } from '../../gateway/hq/status/status-feed.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { KEY_LABELS } from '../../gateway/keys/key-store.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { sampleRecord } from '../helpers/issuance-record.js';
import { personalDataIn } from '../helpers/personal-data.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const station = { site: 'site-ro-gl', station: 'st-01' };
let now = Date.parse('2026-12-01T10:00:00Z');
const clock = { now: () => now };

async function registryOn(db: Database, keysDir = makeTempDir('cardgate-hqkeys-')) {
  await migrate(db);
  const keys = new FileKeyStore(keysDir);
  const cipher = new RecordCipher(db, keys);
  const audit = new HqAuditLog(db, { clock });
  return { keys, keysDir, cipher, audit, registry: new RegistryStore(db, cipher, audit, clock) };
}

/** Every value of every row of every table, as text: what someone with only the database sees. */
async function wholeDatabase(db: Database): Promise<string> {
  const tables = await db.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'",
  );
  let text = '';
  for (const { t } of tables) {
    const rows = await db.query<{ j: unknown }>(`SELECT row_to_json(x) AS j FROM "${t}" x`);
    text += JSON.stringify(rows.map((r) => r.j));
  }
  return text;
}

forEachDatabase('HQ registry store', (open) => {
  it('stores a record once, answers duplicate for the same content and RECORD_CONFLICT for altered content', async () => {
    const { db } = await open();
    const { registry } = await registryOn(db);
    const record = sampleRecord();
    expect(await registry.ingest(station, record)).toBe('created');
    // Key order and the station's build time do not make it another record.
    const rebuilt = JSON.parse(
      JSON.stringify({
        ...record,
        timestamps: { ...record.timestamps, recordedAt: '2026-11-30T09:00:00.000Z' },
      }),
    );
    expect(await registry.ingest(station, rebuilt)).toBe('duplicate');
    await expect(registry.ingest(station, { ...record, operatorId: 'op-mallory' })).rejects.toMatchObject({
      code: 'RECORD_CONFLICT',
    });
    await expect(
      registry.ingest({ site: 'site-x', station: 'st-01' }, sampleRecord({ jobId: 'j2' })),
    ).rejects.toMatchObject({
      code: 'RECORD_STATION_MISMATCH',
    });
    expect(await db.query('SELECT record_id FROM records')).toEqual([{ record_id: record.recordId }]);
    expect(await registry.document(record.document.number)).toEqual({
      number: 'RT0000041',
      status: 'valid',
      documentCode: 'ID',
      dateOfIssue: '2026-11-30',
      dateOfExpiry: '2027-05-29',
      site: 'site-ro-gl',
      station: 'st-01',
    });
    const [stored] = await registry.records('RT0000041');
    expect(stored!.record).toEqual(record);
  });

  it("keeps a handed-off record as the station's JWS alone and reads it back from its payload; rows kept the older way still read", async () => {
    const { db } = await open();
    const { registry, cipher } = await registryOn(db);
    const record = sampleRecord();
    // A JWS-shaped string whose payload is the record (the signature is HQ ingest's business).
    const b64u = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const jws = `${b64u({ alg: 'ES256' })}.${b64u(record)}.c2ln`;
    await registry.ingest(station, record, { jws });
    const [row] = await db.query<{ key_id: string; sealed: Buffer }>(
      'SELECT key_id, sealed FROM records WHERE record_id = $1',
      [record.recordId],
    );
    const kept = JSON.parse(
      (await cipher.open({ keyId: row!.key_id, bytes: row!.sealed }, record.recordId)).toString(),
    );
    expect(kept).toEqual({ jws });
    expect((await registry.records(record.document.number))[0]!.record).toEqual(record);

    // A row from before this change held the record beside its JWS.
    const older = await cipher.seal(Buffer.from(JSON.stringify({ record, jws: null })), record.recordId);
    await db.query('UPDATE records SET key_id = $2, sealed = $3 WHERE record_id = $1', [
      record.recordId,
      older.keyId,
      older.bytes,
    ]);
    expect((await registry.records(record.document.number))[0]!.record).toEqual(record);
  });

  it('keeps no name, birth date or photo in the database in clear, and opens nothing without the key store', async () => {
    const { db } = await open();
    const { registry, keys } = await registryOn(db);
    const record = sampleRecord({ surname: 'Ștefănescu', givenNames: 'Ioana Maria' });
    await registry.ingest(station, record);
    const dump = await wholeDatabase(db);
    expect(dump).toContain('RT0000041');
    expect(
      personalDataIn(dump, {
        surname: 'Ștefănescu',
        givenNames: 'Ioana Maria',
        dateOfBirth: '1991-04-17',
        personalCode: '2910417123456',
        placeOfResidence: 'Centrul Regional Galați',
      }),
    ).toEqual([]);
    expect(dump).not.toContain(record.photoJpeg!.slice(100, 160));
    expect(dump).not.toContain(record.mrz![2]!);
    // Another key store (a copy of the database taken elsewhere) opens nothing.
    const stranger = new RegistryStore(
      db,
      new RecordCipher(db, new FileKeyStore(makeTempDir('cardgate-other-'))),
      new HqAuditLog(db),
      clock,
    );
    await expect(stranger.records('RT0000041')).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' });
    expect(await keys.has(KEY_LABELS.hqRecordKek)).toBe(true);
  });

  it('finds records by any normalised name part, site, station and time, never by plaintext', async () => {
    const { db } = await open();
    const { registry } = await registryOn(db);
    await registry.ingest(
      station,
      sampleRecord({ jobId: 'j1', number: 'RT0000001', surname: 'Ștefănescu', givenNames: 'Ioana Maria' }),
    );
    await registry.ingest(
      station,
      sampleRecord({ jobId: 'j2', number: 'RT0000002', surname: 'Popescu', givenNames: 'Ion' }),
    );
    await registry.ingest(
      { site: 'site-b', station: 'st-09' },
      sampleRecord({
        siteId: 'site-b',
        stationId: 'st-09',
        jobId: 'j3',
        number: 'RT0000003',
        surname: 'Popescu',
        givenNames: 'Maria',
      }),
    );
    const numbers = async (q: Parameters<typeof registry.search>[0]) =>
      (await registry.search(q)).map((r) => r.record.document.number).sort();
    expect(await numbers({ name: 'stefanescu' })).toEqual(['RT0000001']);
    expect(await numbers({ name: 'ȘTEFĂNESCU IOANA' })).toEqual(['RT0000001']);
    expect(await numbers({ name: 'POPESCU<<ION' })).toEqual(['RT0000002']);
    expect(await numbers({ name: 'Popescu' })).toEqual(['RT0000002', 'RT0000003']);
    expect(await numbers({ name: 'Maria' })).toEqual(['RT0000001', 'RT0000003']);
    expect(await numbers({ name: 'Popesc' })).toEqual([]);
    expect(await numbers({ site: 'site-b' })).toEqual(['RT0000003']);
    expect(await numbers({ station: 'st-01', name: 'popescu' })).toEqual(['RT0000002']);
    expect(
      await numbers({ from: new Date('2026-11-30T08:01:10Z'), to: new Date('2026-11-30T08:01:11Z') }),
    ).toHaveLength(3);
    expect(await numbers({ to: new Date('2026-11-30T08:01:10Z') })).toEqual([]);
  });

  it('follows a document through issue, replacement, void, revoke and lost, telling stations what changed', async () => {
    const { db } = await open();
    const { registry, audit } = await registryOn(db);
    await registry.ingest(station, sampleRecord({ jobId: 'j1', number: 'RT0000001' }));
    const reissue = sampleRecord({ jobId: 'j2', number: 'RT0000002' });
    reissue.jobKind = 'reissue';
    reissue.document.previousNumber = 'RT0000001';
    await registry.ingest(station, reissue);
    expect((await registry.document('RT0000001'))?.status).toBe('replaced');
    await registry.ingest(station, {
      ...sampleRecord({ jobId: 'j3', number: 'RT0000003', finalState: 'spoiled' }),
      person: null,
      photoJpeg: null,
      mrz: null,
    });
    expect((await registry.document('RT0000003'))?.status).toBe('voided');

    await registry.setStatus('RT0000002', 'lost', { actor: 'carla', reason: 'reported lost at the police' });
    await registry.setStatus('RT0000002', 'revoked', {
      actor: 'carla',
      reason: 'found used by another person',
    });
    await expect(
      registry.setStatus('RT0000001', 'revoked', { actor: 'carla', reason: 'x y z' }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_STATUS_FINAL' });
    await expect(
      registry.setStatus('RT0000099', 'revoked', { actor: 'carla', reason: 'x y z' }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    // The station voiding the revoked card later does not make it merely void.
    const voided = sampleRecord({ jobId: 'j2', number: 'RT0000002', finalState: 'voided' });
    await registry.ingest(station, { ...voided, voidReason: 'misprint' });
    expect((await registry.document('RT0000002'))?.status).toBe('revoked');

    expect((await changesAfter(db, 0, 100)).map((c) => `${c.number} ${c.status}`)).toEqual([
      'RT0000001 replaced',
      'RT0000002 lost',
      'RT0000002 revoked',
    ]);
    const entries = await audit.read({ target: 'RT0000002' });
    expect(entries.map((e) => [e.actor, e.action, e.reason])).toEqual([
      ['carla', 'document.lost', 'reported lost at the police'],
      ['carla', 'document.revoke', 'found used by another person'],
    ]);
    // Valid past its expiry reads as expired.
    now = Date.parse('2027-06-01T00:00:00Z');
    try {
      const fresh = sampleRecord({ jobId: 'j4', number: 'RT0000004' });
      await registry.ingest(station, fresh);
      expect((await registry.document('RT0000004'))?.status).toBe('expired');
    } finally {
      now = Date.parse('2026-12-01T10:00:00Z');
    }
  });

  it('rotates data keys and the KEK: old records still open, re-sealed ones move to the new key', async () => {
    const { db } = await open();
    const { registry, cipher, keys } = await registryOn(db);
    await registry.ingest(station, sampleRecord({ jobId: 'j1', number: 'RT0000001' }));
    const [first] = await db.query<{ key_id: string }>('SELECT key_id FROM records');
    const next = await cipher.rotateDataKey();
    expect(next).not.toBe(first!.key_id);
    await registry.ingest(station, sampleRecord({ jobId: 'j2', number: 'RT0000002' }));
    const byKey = await db.query<{ number: string; key_id: string }>(
      'SELECT number, key_id FROM records ORDER BY number',
    );
    expect(byKey.map((r) => r.key_id)).toEqual([first!.key_id, next]);
    expect((await registry.records('RT0000001'))[0]!.record.document.number).toBe('RT0000001');
    expect(await cipher.resealOld()).toBe(1);
    expect(await cipher.resealOld()).toBe(0);
    expect(
      new Set((await db.query<{ key_id: string }>('SELECT key_id FROM records')).map((r) => r.key_id)),
    ).toEqual(new Set([next]));

    // A new KEK: every key re-wrapped, the old KEK destroyed, a fresh process still reads all.
    expect(await cipher.rewrap('cardgate-hq-record-kek-2')).toBeGreaterThanOrEqual(3);
    await keys.destroy(KEY_LABELS.hqRecordKek);
    const restarted = new RegistryStore(
      db,
      new RecordCipher(db, keys, 'cardgate-hq-record-kek-2'),
      new HqAuditLog(db),
      clock,
    );
    expect((await restarted.records('RT0000001'))[0]!.record.person?.surname).toBe('Shevchenko');
    expect((await restarted.search({ name: 'shevchenko' })).length).toBe(2);
  });
});
