import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { facePhoto, FakePrinter } from './fakes.js';
import { makeRig, person } from './service-helpers.js';
import { identityHolds } from '../../gateway/issuance/stock.js';
import type { GatewayEvents } from '../../gateway/core/events.js';

describe('issuance service with in-test device fakes', () => {
  it('issues cards in order with numbers from the block, counting stock and emitting events', async () => {
    const rig = await makeRig();
    const events: Array<GatewayEvents['issuance:job']> = [];
    rig.bus.on('issuance:job', (e) => events.push(e));
    await rig.service.loadStock(10, 'tech');
    const a = await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    const b = await rig.service.create(
      { kind: 'new', person: person({ surname: 'Other' }), photoJpeg: facePhoto() },
      'op',
    );
    await rig.service.idle();
    const ja = await rig.service.get(a.id);
    const jb = await rig.service.get(b.id);
    expect(ja.status).toBe('done');
    expect(jb.status).toBe('done');
    expect(ja.documentNumber).toBe('RT0000001');
    expect(jb.documentNumber).toBe('RT0000002');
    expect(rig.printer.printed).toEqual([a.id, b.id]);
    expect(rig.encoder.written[0]).toContain('RT0000001');
    expect(rig.service.stock()).toMatchObject({
      loaded: 10,
      inFeeder: 8,
      good: 2,
      spoiled: 0,
      identityHolds: true,
    });
    expect(events.filter((e) => e.jobId === a.id).map((e) => e.status)).toContain('done');
    expect(JSON.stringify(events)).not.toContain('Zzyzxova');
    expect(rig.service.counters().totals.issued).toBe(2);
    await rig.close();
  });

  it('rejects a blank that failed to encode, counts it spoiled, and succeeds on the next blank', async () => {
    const rig = await makeRig();
    await rig.service.loadStock(5, 'tech');
    rig.encoder.failures.push('VERIFY_FAILED');
    const j = await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    await rig.service.idle();
    const done = await rig.service.get(j.id);
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(2);
    expect(rig.printer.rejected).toBe(1);
    expect(rig.service.stock()).toMatchObject({ good: 1, spoiled: 1, inFeeder: 3 });
    const rec = await rig.service.reconciliation('today');
    expect(rec).toMatchObject({ loaded: 5, good: 1, spoiled: 1, balanced: true });
    expect(rec.spoiledByReason).toEqual({ 'encode:VERIFY_FAILED': 1 });
    await rig.close();
  });

  it('fails after maxCardAttempts spoiled blanks and records the number as spoiled', async () => {
    const rig = await makeRig({ issuance: { maxCardAttempts: 2 } });
    await rig.service.loadStock(5, 'tech');
    rig.encoder.failures.push('CARD_ERROR', 'CARD_ERROR');
    const j = await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    await rig.service.idle();
    const f = await rig.service.get(j.id);
    expect(f.status).toBe('failed');
    expect(f.error).toMatchObject({ code: 'ATTEMPTS_EXHAUSTED', retryable: true });
    expect(f.numberFate).toBe('spoiled');
    expect(rig.service.stock()).toMatchObject({ spoiled: 2, good: 0 });
    await rig.close();
  });

  it('waits for the operator on a cover fault and finishes after resume', async () => {
    const rig = await makeRig();
    await rig.service.loadStock(5, 'tech');
    rig.printer.faults.push({ on: 'print', code: 'COVER_OPEN', needsOperator: true, spoilsCard: false });
    const j = await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    const k = await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    await rig.service.idle();
    expect((await rig.service.get(j.id)).status).toBe('needs-operator');
    expect((await rig.service.get(k.id)).status).toBe('queued'); // the queue waits for the person
    await rig.service.resume(j.id, 'op');
    await rig.service.idle();
    const r = await rig.service.get(j.id);
    expect(r.status).toBe('done');
    expect(r.documentNumber).toBe('RT0000001');
    expect((await rig.service.get(k.id)).status).toBe('done');
    // The card inside during the fault was rejected on resume and counted.
    expect(rig.service.stock()).toMatchObject({ good: 2, spoiled: 1, inFeeder: 2 });
    await rig.close();
  });

  it('a reissue voids the previous card; void needs a reason; cancel works on queued jobs only', async () => {
    const rig = await makeRig();
    await rig.service.loadStock(5, 'tech');
    const a = await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    await rig.service.idle();
    const r = await rig.service.create(
      { kind: 'reissue', previousJobId: a.id, person: person(), photoJpeg: facePhoto() },
      'op',
    );
    await rig.service.idle();
    expect((await rig.service.get(a.id)).status).toBe('voided');
    expect((await rig.service.get(a.id)).numberFate).toBe('voided');
    expect((await rig.service.get(r.id)).status).toBe('done');
    await expect(rig.service.void(r.id, ' ', 'op')).rejects.toMatchObject({ code: 'VOID_REASON_REQUIRED' });
    await rig.service.void(r.id, 'lost', 'op');
    expect(rig.service.stock()).toMatchObject({ good: 2, voided: 2, identityHolds: true });
    await expect(rig.service.cancel(r.id, 'op')).rejects.toMatchObject({ code: 'JOB_NOT_CANCELLABLE' });
    await rig.service.lock('admin', 'maintenance');
    await expect(
      rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op'),
    ).rejects.toMatchObject({
      code: 'STATION_LOCKED',
      status: 409,
    });
    await rig.service.unlock('admin');
    await rig.close();
  });

  it('cancels a queued job while the station is locked by the door', async () => {
    // Not recovered yet: the worker takes nothing, so the job is certainly still queued.
    const rig = await makeRig({ recover: false });
    await rig.service.loadStock(5, 'tech');
    const b = await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    await rig.service.lock('door', 'door open');
    expect(rig.service.station()).toMatchObject({ locked: true, lockReason: 'door: door open' });
    await expect(
      rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op'),
    ).rejects.toMatchObject({ code: 'STATION_LOCKED', status: 409 });
    expect((await rig.service.get(b.id)).status).toBe('queued');
    expect((await rig.service.cancel(b.id, 'op')).status).toBe('cancelled');
    await rig.service.unlock('door');
    await rig.service.recover();
    await rig.service.idle();
    expect((await rig.service.get(b.id)).status).toBe('cancelled');
    expect(rig.printer.printed).toEqual([]);
    expect(rig.service.stock()).toMatchObject({ inFeeder: 5, good: 0, spoiled: 0 });
    await rig.close();
  });

  it('refuses overlapping number blocks, warns when numbers run low, fails cleanly when none are left', async () => {
    const rig = await makeRig({
      issuance: { numberBlocks: [{ prefix: 'RT', first: 1, last: 2, width: 7 }], lowNumbersWarning: 2 },
    });
    const warnings: string[] = [];
    rig.bus.on('station:event', (e) => warnings.push(e.code));
    await rig.service.loadStock(5, 'tech');
    await expect(
      rig.service.assignNumberBlock({ prefix: 'RT', first: 2, last: 10, width: 7 }),
    ).rejects.toMatchObject({ code: 'NUMBER_BLOCK_OVERLAP' });
    for (let i = 0; i < 3; i++)
      await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    await rig.service.idle();
    const jobs = await rig.service.allJobs();
    expect(jobs.map((j) => j.status).sort()).toEqual(['done', 'done', 'failed']);
    expect(warnings).toContain('NUMBERS_LOW');
    expect(warnings).toContain('NUMBERS_EXHAUSTED');
    const failed = jobs.find((j) => j.status === 'failed')!;
    expect(await rig.service.assignNumberBlock({ prefix: 'RT', first: 3, last: 100, width: 7 })).toEqual({
      added: true,
      remaining: 98,
    });
    await rig.service.resume(failed.id, 'op');
    await rig.service.idle();
    expect((await rig.service.get(failed.id)).documentNumber).toBe('RT0000003');
    await rig.close();
  });

  it('survives a restart: state, counters and numbers continue; interrupted jobs are resolved by asking the printer', async () => {
    const printer = new FakePrinter();
    const rig = await makeRig({ printer });
    await rig.service.loadStock(5, 'tech');
    const a = await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    await rig.service.idle();
    await rig.close();
    // Simulate a crash mid-card: a job record left "printing" with the blank inside.
    const rig2 = await makeRig({ dataDir: rig.dataDir, printer, recover: false });
    const b = await rig2.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    expect((await rig2.service.get(a.id)).status).toBe('done');
    await rig2.close();
    printer.cardInside = true;
    // Rewrite b as if the process died while printing it, through the store itself.
    const { JournalStore } = await import('../../gateway/storage/journal-store.js');
    const store = await JournalStore.open(join(rig.dataDir, 'issuance'));
    const { jobPartition } = await import('../../gateway/issuance/job.js');
    const rec = (await store.get<Record<string, unknown>>(jobPartition(b.id), b.id))!;
    await store.commit([
      {
        partition: jobPartition(b.id),
        id: b.id,
        value: {
          ...rec,
          status: 'printing',
          blank: 'inside',
          documentNumber: 'RT0000002',
          numberFate: 'pending',
          dateOfIssue: '2026-11-28',
          dateOfExpiry: '2027-05-27',
        },
      },
    ]);
    const st = (await store.get<{ numbers: { blocks: Array<{ next: number }> } }>('station', 'state'))!;
    st.numbers.blocks[0]!.next = 3;
    await store.commit([{ partition: 'station', id: 'state', value: st }]);
    await store.close();
    const rig3 = await makeRig({ dataDir: rig.dataDir, printer });
    const jb = await rig3.service.get(b.id);
    expect(jb.status).toBe('needs-operator');
    expect(jb.error?.code).toBe('INTERRUPTED');
    expect(printer.rejected).toBe(1);
    expect(rig3.service.stock()).toMatchObject({ good: 1, spoiled: 1, identityHolds: true });
    await rig3.service.resume(b.id, 'op');
    await rig3.service.idle();
    expect((await rig3.service.get(b.id)).status).toBe('done');
    expect((await rig3.service.get(b.id)).documentNumber).toBe('RT0000002');
    expect(identityHolds(rig3.service.stock())).toBe(true);
    expect((await rig3.audit.verify()).valid).toBe(true);
    await rig3.close();
  });

  it('keeps personal data sealed at rest and removes it after the retention period', async () => {
    const rig = await makeRig({ issuance: { retentionDays: 30 } });
    await rig.service.loadStock(5, 'tech');
    const a = await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    await rig.service.idle();
    expect((await rig.service.get(a.id, { withPerson: true })).person?.surname).toBe('Zzyzxova');
    const keyStat = statSync(join(rig.dataDir, 'keys', 'data-keys.json'));
    expect(keyStat.mode & 0o777).toBe(0o600);
    const photo = facePhoto();
    const p = person();
    // Every personal field (as typed and in the MRZ's form), searched without regard to case.
    const needles = [
      p.surname,
      p.givenNames,
      ...p.givenNames.split(' '),
      p.dateOfBirth,
      p.personalCode,
      p.placeOfResidence!,
      'ZZYZXOVA<<QUINTESSA<MARIGOLD',
      '870314',
    ].map((t) => Buffer.from(String(t).toLowerCase(), 'latin1'));
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
      );
    for (const f of walk(rig.dataDir)) {
      const buf = readFileSync(f);
      const lower = Buffer.from(buf.toString('latin1').toLowerCase(), 'latin1');
      for (const n of needles)
        expect(lower.includes(n), `${f} holds "${n.toString('latin1')}" in plain text`).toBe(false);
      expect(buf.includes(photo.subarray(200, 264)), `${f} holds the photo in plain text`).toBe(false);
    }
    const rot = await rig.service.rotateDataKey();
    expect(rot.resealed).toBe(2);
    expect((await rig.service.get(a.id, { withPerson: true })).person?.surname).toBe('Zzyzxova');
    rig.clock.set(Date.parse('2026-12-29T10:00:00Z'));
    expect(await rig.service.purgeExpired()).toBe(1);
    const gone = await rig.service.get(a.id, { withPerson: true });
    expect(gone.person).toBeUndefined();
    expect(gone.documentNumber).toBe('RT0000001');
    expect(readdirSync(join(rig.dataDir, 'personal'))).toEqual([]);
    await rig.close();
  });
});
