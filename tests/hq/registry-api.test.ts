import { expect, it } from 'vitest';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { startTestHq, type TestHq } from '../helpers/hq.js';
import { sampleRecord } from '../helpers/issuance-record.js';

const PW = 'correct horse battery staple';
const station = { site: 'site-ro-gl', station: 'st-01' };

/** Accounts of every role, logged in; returns their cookies. */
async function people(hq: TestHq) {
  for (const [name, role, permissions] of [
    ['carla', 'caseworker', []],
    ['petra', 'caseworker', ['protection']],
    ['vera', 'verifier', []],
    ['sam', 'supervisor', []],
  ] as const)
    await hq.ctx.accounts.add({ name, role, password: PW, permissions });
  return {
    carla: await hq.login('carla', PW),
    petra: await hq.login('petra', PW),
    vera: await hq.login('vera', PW),
    sam: await hq.login('sam', PW),
  };
}

forEachDatabase('HQ registry API', (open) => {
  it('answers document status to verifiers, records only to caseworkers with a reason, and audits every view', async () => {
    const hq = await startTestHq(await open());
    try {
      const who = await people(hq);
      const record = sampleRecord({ surname: 'Popescu', givenNames: 'Ion' });
      record.protection = { flags: ['unaccompanied-minor'] };
      await hq.ctx.registry.ingest(station, record);

      const status = await hq.request('GET', '/api/v1/documents/RT0000041', { cookie: who.vera });
      expect(status.status).toBe(200);
      expect(status.body).toEqual({
        number: 'RT0000041',
        status: 'valid',
        documentCode: 'ID',
        dateOfIssue: '2026-11-30',
        dateOfExpiry: '2027-05-29',
        site: 'site-ro-gl',
        station: 'st-01',
      });
      expect(JSON.stringify(status.body)).not.toMatch(/Popescu/i);
      expect((await hq.request('GET', '/api/v1/documents/RT0000041', { cookie: who.sam })).status).toBe(403);
      expect((await hq.request('GET', '/api/v1/documents/XX1', { cookie: who.vera })).body.code).toBe(
        'DOCUMENT_NOT_FOUND',
      );
      expect((await hq.request('GET', '/api/v1/documents/RT0000041')).status).toBe(401);

      // Records: caseworkers only, and only with a reason.
      expect(
        (await hq.request('GET', '/api/v1/records/RT0000041?reason=checking', { cookie: who.vera })).status,
      ).toBe(403);
      const noReason = await hq.request('GET', '/api/v1/records/RT0000041', { cookie: who.carla });
      expect(noReason.status).toBe(400);
      expect(noReason.body.code).toBe('REASON_REQUIRED');
      const seen = await hq.request('GET', '/api/v1/records/RT0000041?reason=case%204711%20appeal', {
        cookie: who.carla,
      });
      expect(seen.status).toBe(200);
      expect(seen.body.records[0].record.person.surname).toBe('Popescu');
      expect(seen.body.records[0].record.photoJpeg).toBe(record.photoJpeg);
      // The protection notice only for an account holding the permission.
      expect(seen.body.records[0].record.protection).toBeUndefined();
      const byPetra = await hq.request('GET', '/api/v1/records/RT0000041', {
        cookie: who.petra,
        headers: { 'x-cardgate-reason': 'case 4712 protection review' },
      });
      expect(byPetra.body.records[0].record.protection).toEqual({ flags: ['unaccompanied-minor'] });
      expect(byPetra.body.history.map((h: { event: string }) => h.event)).toEqual(['issued']);

      const found = await hq.request('GET', '/api/v1/records?name=ION%20POPESCU&reason=case%204713', {
        cookie: who.carla,
      });
      expect(found.body.items.map((r: { record: { recordId: string } }) => r.record.recordId)).toEqual([
        record.recordId,
      ]);
      expect((await hq.request('GET', '/api/v1/records?name=ionescu', { cookie: who.carla })).status).toBe(
        400,
      );

      const log = await hq.request('GET', '/api/v1/records/RT0000041/access', { cookie: who.carla });
      expect(
        log.body.items.map((e: { actor: string; action: string; reason: string }) => [
          e.actor,
          e.action,
          e.reason,
        ]),
      ).toEqual([
        ['carla', 'record.view', 'case 4711 appeal'],
        ['petra', 'record.view', 'case 4712 protection review'],
        ['carla', 'record.view', 'case 4713'],
      ]);
      const searches = await hq.ctx.audit.read({ actionPrefix: 'record.search' });
      expect(searches).toHaveLength(1);
      expect(searches[0]).toMatchObject({
        actor: 'carla',
        reason: 'case 4713',
        details: { byName: true, results: 1 },
      });
      expect(JSON.stringify(searches)).not.toMatch(/popescu/i);
    } finally {
      await hq.stop();
    }
  });

  it('revokes and reports lost for caseworkers with a reason; the status and its history follow', async () => {
    const hq = await startTestHq(await open());
    try {
      const who = await people(hq);
      await hq.ctx.registry.ingest(station, sampleRecord({ jobId: 'j1', number: 'RT0000001' }));
      const byVerifier = await hq.request('POST', '/api/v1/documents/RT0000001/revoke', {
        cookie: who.vera,
        body: { reason: 'not mine to do' },
      });
      expect(byVerifier.status).toBe(403);
      expect(
        (await hq.request('POST', '/api/v1/documents/RT0000001/lost', { cookie: who.carla, body: {} }))
          .status,
      ).toBe(400);
      const lost = await hq.request('POST', '/api/v1/documents/RT0000001/lost', {
        cookie: who.carla,
        body: { reason: 'holder reported the card lost' },
      });
      expect(lost.status).toBe(200);
      expect(lost.body.status).toBe('lost');
      expect((await hq.request('GET', '/api/v1/documents/RT0000001', { cookie: who.vera })).body.status).toBe(
        'lost',
      );
      const revoked = await hq.request('POST', '/api/v1/documents/RT0000001/revoke', {
        cookie: who.carla,
        body: { reason: 'card used by someone else' },
      });
      expect(revoked.body.status).toBe('revoked');
      const again = await hq.request('POST', '/api/v1/documents/RT0000001/lost', {
        cookie: who.carla,
        body: { reason: 'again' },
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('DOCUMENT_STATUS_FINAL');
      const rec = await hq.request('GET', '/api/v1/records/RT0000001?reason=review', { cookie: who.carla });
      expect(
        rec.body.history.map((h: { event: string; by: string; reason: string | null }) => [
          h.event,
          h.by,
          h.reason,
        ]),
      ).toEqual([
        ['issued', 'site-ro-gl/st-01', null],
        ['lost', 'carla', 'holder reported the card lost'],
        ['revoked', 'carla', 'card used by someone else'],
      ]);
      expect(await hq.ctx.audit.verify()).toMatchObject({ valid: true });

      // OpenAPI lists the registry's routes.
      const docs = await hq.request('GET', '/api/docs/json');
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/documents/{number}',
          '/api/v1/documents/{number}/revoke',
          '/api/v1/documents/{number}/lost',
          '/api/v1/records/{number}',
          '/api/v1/records',
        ]),
      );
      expect(hq.app.compileSchemas()).toBeGreaterThan(0);
    } finally {
      await hq.stop();
    }
  });
});
