import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildPluginTestApp } from '../helpers/api.js';
import { issuanceRoutes } from '../../gateway/api/routes/issuances.js';
import { stockRoutes } from '../../gateway/api/routes/stock.js';
import { auditRoutes } from '../../gateway/api/routes/audit.js';
import { facePhoto } from './fakes.js';
import { makeRig, person, type Rig } from './service-helpers.js';

const as = (role: string) => ({ 'x-test-role': role });
let rig: Rig;
let apps: FastifyInstance[] = [];

async function setup() {
  rig = await makeRig();
  const issuances = await buildPluginTestApp(issuanceRoutes, { issuance: rig.service, bus: rig.bus });
  const stock = await buildPluginTestApp(stockRoutes, { issuance: rig.service });
  const audit = await buildPluginTestApp(auditRoutes, { audit: rig.audit });
  apps = [issuances, stock, audit];
  return { issuances, stock, audit };
}

afterEach(async () => {
  for (const a of apps) await a.close();
  await rig.close();
});

const body = (over: Record<string, unknown> = {}) => ({
  kind: 'new',
  person: person(),
  photo: facePhoto().toString('base64'),
  ...over,
});

describe('issuance API', () => {
  it('operators create and see personal data; technicians see status without it', async () => {
    const { issuances, stock } = await setup();
    expect(
      (
        await stock.inject({
          method: 'POST',
          url: '/api/v1/stock/load',
          headers: as('operator'),
          payload: { count: 5 },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await stock.inject({
          method: 'POST',
          url: '/api/v1/stock/load',
          headers: as('technician'),
          payload: { count: 5 },
        })
      ).json(),
    ).toMatchObject({
      loaded: 5,
      inFeeder: 5,
      identityHolds: true,
    });
    expect(
      (
        await issuances.inject({
          method: 'POST',
          url: '/api/v1/issuances',
          headers: as('technician'),
          payload: body(),
        })
      ).statusCode,
    ).toBe(403);
    const created = await issuances.inject({
      method: 'POST',
      url: '/api/v1/issuances',
      headers: as('operator'),
      payload: body(),
    });
    expect(created.statusCode).toBe(201);
    const job = created.json();
    expect(job).toMatchObject({ kind: 'new', operator: 'test-operator', person: { surname: 'Zzyzxova' } });
    await rig.service.idle();

    const op = (
      await issuances.inject({ url: `/api/v1/issuances/${job.id}`, headers: as('operator') })
    ).json();
    expect(op).toMatchObject({
      status: 'done',
      documentNumber: 'RT0000001',
      person: { surname: 'Zzyzxova', documentNumber: 'RT0000001' },
    });
    const techRes = await issuances.inject({ url: `/api/v1/issuances/${job.id}`, headers: as('technician') });
    expect(techRes.json()).toMatchObject({ status: 'done', documentNumber: 'RT0000001' });
    expect(techRes.body).not.toContain('Zzyzxova');
    expect(techRes.body).not.toContain('1987-03-14');

    const list = (
      await issuances.inject({ url: '/api/v1/issuances?date=today&status=done', headers: as('technician') })
    ).json();
    expect(list).toMatchObject({ total: 1, page: 1 });
    expect(JSON.stringify(list)).not.toContain('Zzyzxova');
    const opList = (
      await issuances.inject({
        url: '/api/v1/issuances?date=today&page=1&pageSize=10',
        headers: as('operator'),
      })
    ).json();
    expect(opList.items[0].person.surname).toBe('Zzyzxova');
    expect(
      (await issuances.inject({ url: '/api/v1/issuances?status=queued', headers: as('operator') })).json()
        .total,
    ).toBe(0);
    expect(
      (
        await stock.inject({ url: '/api/v1/stock/reconciliation?date=today', headers: as('operator') })
      ).json(),
    ).toMatchObject({
      loaded: 5,
      good: 1,
      balanced: true,
    });
  });

  it('validates input with stable codes', async () => {
    const { issuances } = await setup();
    const noPhoto = await issuances.inject({
      method: 'POST',
      url: '/api/v1/issuances',
      headers: as('operator'),
      payload: body({ photo: Buffer.from('not a jpeg').toString('base64') }),
    });
    expect(noPhoto.statusCode).toBe(400);
    expect(noPhoto.json().code).toBe('PHOTO_INVALID');
    const badPerson = await issuances.inject({
      method: 'POST',
      url: '/api/v1/issuances',
      headers: as('operator'),
      payload: body({ person: { ...person(), sex: 'Q' } }),
    });
    expect(badPerson.statusCode).toBe(400);
    const reissue = await issuances.inject({
      method: 'POST',
      url: '/api/v1/issuances',
      headers: as('operator'),
      payload: body({ kind: 'reissue' }),
    });
    expect(reissue.json().code).toBe('PREVIOUS_JOB_REQUIRED');
    expect(
      (
        await issuances.inject({ url: '/api/v1/issuances/20261128-0000000000', headers: as('operator') })
      ).json().code,
    ).toBe('JOB_NOT_FOUND');
    const voidNoReason = await issuances.inject({
      method: 'POST',
      url: '/api/v1/issuances/20261128-0000000000/void',
      headers: as('operator'),
      payload: {},
    });
    expect(voidNoReason.statusCode).toBe(400);
  });

  it('locks the station (409 STATION_LOCKED for operators), cancels queued jobs, streams job events', async () => {
    const { issuances, audit } = await setup();
    await rig.service.loadStock(3, 'tech');
    expect(
      (
        await issuances.inject({
          method: 'POST',
          url: '/api/v1/station/lock',
          headers: as('operator'),
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    const locked = await issuances.inject({
      method: 'POST',
      url: '/api/v1/station/lock',
      headers: as('admin'),
      payload: { reason: 'inspection' },
    });
    expect(locked.json()).toMatchObject({ locked: true });
    const refused = await issuances.inject({
      method: 'POST',
      url: '/api/v1/issuances',
      headers: as('operator'),
      payload: body(),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('STATION_LOCKED');
    await issuances.inject({
      method: 'POST',
      url: '/api/v1/station/unlock',
      headers: as('admin'),
      payload: {},
    });

    // A door lock that was lifted again leaves issuing open.
    await rig.service.lock('door', 'door open');
    await rig.service.unlock('door');
    const j = (
      await issuances.inject({
        method: 'POST',
        url: '/api/v1/issuances',
        headers: as('operator'),
        payload: body(),
      })
    ).json();
    await rig.service.idle();
    const events = await issuances.inject({
      url: `/api/v1/issuances/${j.id}/events`,
      headers: as('technician'),
    });
    expect(events.headers['content-type']).toContain('text/event-stream');
    expect(events.body).toContain('event: job');
    expect(events.body).toContain('"status":"done"');
    expect(events.body).not.toContain('Zzyzxova');
    const cancel = await issuances.inject({
      method: 'POST',
      url: `/api/v1/issuances/${j.id}/cancel`,
      headers: as('operator'),
    });
    expect(cancel.statusCode).toBe(409);
    const voided = await issuances.inject({
      method: 'POST',
      url: `/api/v1/issuances/${j.id}/void`,
      headers: as('operator'),
      payload: { reason: 'misprint' },
    });
    expect(voided.json()).toMatchObject({ status: 'voided', voidReason: 'misprint' });
    const st = (await issuances.inject({ url: '/api/v1/station', headers: as('technician') })).json();
    expect(st).toMatchObject({
      locked: false,
      numbersRemaining: 9998,
      counters: { totals: { issued: 1, voided: 1 } },
    });

    expect((await audit.inject({ url: '/api/v1/audit', headers: as('operator') })).statusCode).toBe(403);
    const trail = (
      await audit.inject({ url: '/api/v1/audit?from=1&limit=500', headers: as('technician') })
    ).json();
    const actions = trail.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'station.lock',
        'station.unlock',
        'issuance.create',
        'issuance.done',
        'issuance.void',
        'stock.load',
      ]),
    );
    expect(JSON.stringify(trail)).not.toContain('Zzyzxova');
    expect((await audit.inject({ url: '/api/v1/audit/verify', headers: as('admin') })).json()).toMatchObject({
      valid: true,
    });
  });

  it('the station stream sends job and progress events live', async () => {
    const { issuances } = await setup();
    await rig.service.loadStock(3, 'tech');
    await issuances.listen({ port: 0, host: '127.0.0.1' });
    const port = (issuances.server.address() as { port: number }).port;
    const ac = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
      headers: as('operator'),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    let text = '';
    const read = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
        if (text.includes('"status":"done"')) break;
      }
    })();
    await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op');
    await read;
    ac.abort();
    expect(text).toContain('event: station');
    expect(text).toContain('event: progress');
    expect(text).toContain('event: job');
    expect(text).not.toContain('Zzyzxova');
  });
});
