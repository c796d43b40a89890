import { expect, it } from 'vitest';
import { HqAuditLog } from '../../gateway/hq/audit/audit-store.js';
import type { Database } from '../../gateway/hq/db/database.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import { ProtectionStore } from '../../gateway/hq/protection/protection-store.js';
import { RecordCipher } from '../../gateway/hq/registry/record-cipher.js';
import { RegistryStore } from '../../gateway/hq/registry/registry-store.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import type { ProtectionDetails } from '../../gateway/protection/protection-details.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { sampleRecord } from '../helpers/issuance-record.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const clock = { now: () => Date.parse('2026-12-01T10:00:00Z') };

async function hqOn(db: Database) {
  await migrate(db);
  const cipher = new RecordCipher(db, new FileKeyStore(makeTempDir('cardgate-hqkeys-')));
  const registry = new RegistryStore(db, cipher, new HqAuditLog(db, { clock }), clock);
  const protection = new ProtectionStore(db, cipher);
  registry.onCreated.push((tx, record) => protection.onRecordCreated(tx, record));
  return { registry, protection };
}

let seq = 0;
/** A new card's record from one of two offices, with the vulnerability details the operator entered. */
function registration(
  p: ProtectionDetails | undefined,
  site = 'site-ro-gl',
  extra: { training?: boolean } = {},
) {
  seq += 1;
  const stationId = site === 'site-ro-gl' ? 'st-01' : 'st-07';
  const r = sampleRecord({
    siteId: site,
    stationId,
    jobId: `20261130-${String(seq).padStart(10, '0')}`,
    number: `RT${String(seq).padStart(7, '0')}`,
  });
  return {
    station: { site, station: stationId },
    record: { ...r, ...(p ? { protection: p } : {}), training: extra.training ?? false },
  };
}

forEachDatabase('protection at HQ', (open) => {
  it('lists unaccompanied children without a representative, once each, until one is assigned', async () => {
    const { db } = await open();
    const { registry, protection } = await hqOn(db);
    const alone = registration({
      flags: ['minor', 'unaccompanied-minor'],
      declaredAge: 14,
      ageAssessed: true,
    });
    const separated = registration({ flags: ['separated-child'], declaredAge: 9 });
    const represented = registration({
      flags: ['unaccompanied-minor'],
      declaredAge: 16,
      legalRepresentative: { name: 'Maria Ionescu', organisation: 'DGASPC Galați' },
    });
    const adult = registration({ flags: ['pregnant'] });
    for (const r of [alone, separated, represented, adult]) {
      expect(await registry.ingest(r.station, r.record)).toBe('created');
    }
    // The station sends a record again after a lost acknowledgement: still one notice.
    expect(await registry.ingest(alone.station, alone.record)).toBe('duplicate');

    const open1 = await protection.notices();
    expect(open1.map((n) => [n.number, n.kind, n.declaredAge])).toEqual([
      [alone.record.document.number, 'unaccompanied-minor', 14],
      [separated.record.document.number, 'separated-child', 9],
    ]);
    expect((await protection.notices({ open: false })).length).toBe(3);

    const assigned = await protection.assign(
      alone.record.recordId,
      { name: 'Andrei Pop', organisation: 'JRS Romania' },
      'cw-elena',
      new Date(clock.now()),
    );
    expect(assigned).toBe(true);
    expect((await protection.notices()).map((n) => n.number)).toEqual([separated.record.document.number]);
    // The assigned representative is sealed like a record: the database alone does not name them.
    const rows = await db.query<{ j: unknown }>('SELECT row_to_json(n) AS j FROM protection_notices n');
    expect(JSON.stringify(rows)).not.toMatch(/Andrei|JRS Romania|Maria Ionescu/);
  });

  it('counts people per site, day and category exactly, and never publishes 1 to 4', async () => {
    const { db } = await open();
    const { registry, protection } = await hqOn(db);
    const batch = [
      ...Array.from({ length: 6 }, () => registration({ flags: ['minor', 'unaccompanied-minor'] })),
      ...Array.from({ length: 2 }, () => registration({ flags: ['pregnant'] })),
      registration({ flags: ['elderly', 'disability'] }),
      registration(undefined),
      ...Array.from({ length: 5 }, () => registration({ flags: ['disability'] }, 'site-ro-tm')),
      // Training cards and duplicates never count.
      registration({ flags: ['elderly'] }, 'site-ro-gl', { training: true }),
    ];
    for (const r of batch) await registry.ingest(r.station, r.record);
    for (const r of batch.slice(0, 3)) expect(await registry.ingest(r.station, r.record)).toBe('duplicate');

    const counts = await protection.counts({ from: '2026-11-30', to: '2026-11-30' });
    const table = Object.fromEntries(counts.map((c) => [`${c.site}/${c.category}`, c.people]));
    expect(table).toEqual({
      'site-ro-gl/minor': 6,
      'site-ro-gl/unaccompanied-minor': 6,
      'site-ro-gl/pregnant': '<5',
      'site-ro-gl/elderly': '<5',
      'site-ro-gl/disability': '<5',
      'site-ro-tm/disability': 5,
    });
    for (const c of counts) expect(typeof c.people === 'number' && c.people > 0 && c.people < 5).toBe(false);
    // The exact small numbers are kept (for later sums), only their publication is suppressed.
    const [raw] = await db.query<{ people: number }>(
      "SELECT people FROM protection_counts WHERE site = 'site-ro-gl' AND category = 'pregnant'",
    );
    expect(Number(raw!.people)).toBe(2);
  });
});
