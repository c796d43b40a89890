import { afterEach, describe, expect, it } from 'vitest';
import { issuanceRoutes } from '../../gateway/api/routes/issuances.js';
import { stockRoutes } from '../../gateway/api/routes/stock.js';
import { lineRoutes } from '../../gateway/lines/routes.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { facePhoto } from '../issuance/fakes.js';
import { person } from '../issuance/service-helpers.js';
import { makeLinesRig, type LinesRig } from './lines-rig.js';

const rigs: LinesRig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

const OP = { 'x-test-role': 'operator' };
const TECH = { 'x-test-role': 'technician' };

describe('desks and lines through the API', () => {
  it('two desks register people at once; each sees only its cards, where each is, and which printer to collect it from', async () => {
    const rig = await makeLinesRig({ lines: 3, feederCards: 40 });
    rigs.push(rig);
    const api = await buildPluginTestApp(issuanceRoutes, { issuance: rig.service, bus: rig.bus });
    const lines = await buildPluginTestApp(lineRoutes, { issuance: rig.service });
    const stock = await buildPluginTestApp(stockRoutes, { issuance: rig.service });
    const photo = facePhoto().toString('base64');
    const body = (desk: string, n: number) => ({
      kind: 'new',
      person: person({ surname: `Desk${desk}person${n}`.replace(/\d/g, 'x') }),
      photo,
      desk,
    });
    // Both desks register three people each, interleaved, without waiting for any card.
    const created = await Promise.all(
      [0, 1, 2].flatMap((n) =>
        ['A', 'B'].map((d) =>
          api.inject({ method: 'POST', url: '/api/v1/issuances', headers: OP, payload: body(d, n) }),
        ),
      ),
    );
    for (const r of created) expect(r.statusCode, r.body).toBe(201);
    await rig.service.idle();

    for (const desk of ['A', 'B']) {
      const mine = (
        await api.inject({ url: `/api/v1/issuances?desk=${desk}&mine=true`, headers: OP })
      ).json();
      expect(mine.total).toBe(3);
      for (const j of mine.items) {
        expect(j.desk).toBe(desk);
        expect(j.status).toBe('done');
        expect(j.where.stage).toBe('done');
        expect(j.where.line).toBe(j.line);
        expect(j.where.lineName).toMatch(/^Line [123]$/);
        expect(j.where.printer).toBe(`${j.line}-printer`);
      }
    }

    const view = (await lines.inject({ url: '/api/v1/lines', headers: TECH })).json();
    expect(view.items.map((l: { id: string }) => l.id)).toEqual(['line-1', 'line-2', 'line-3']);
    const issued = view.items.reduce(
      (n: number, l: { throughput: { issued: number } }) => n + l.throughput.issued,
      0,
    );
    expect(issued).toBe(6);
    for (const l of view.items) {
      expect(l.state).toBe('idle');
      expect(l.stock.identityHolds).toBe(true);
      expect(l.stock.good).toBe(l.throughput.issued);
    }

    // Several lines: loading stock names its line; a technician takes a line out and back.
    const noLine = await stock.inject({
      method: 'POST',
      url: '/api/v1/stock/load',
      headers: TECH,
      payload: { count: 5 },
    });
    expect(noLine.statusCode).toBe(400);
    expect(noLine.json().code).toBe('LINE_REQUIRED');
    const loaded = await stock.inject({
      method: 'POST',
      url: '/api/v1/stock/load',
      headers: TECH,
      payload: { count: 5, line: 'line-2' },
    });
    expect(loaded.json().lines['line-2'].loaded).toBe(45);
    const out = await lines.inject({
      method: 'POST',
      url: '/api/v1/lines/line-2/service',
      headers: TECH,
      payload: { inService: false, reason: 'cleaning' },
    });
    expect(out.json()).toMatchObject({
      state: 'out-of-service',
      reason: { code: 'LINE_OUT_OF_SERVICE', message: 'cleaning' },
    });
    const byOperator = await lines.inject({
      method: 'POST',
      url: '/api/v1/lines/line-2/service',
      headers: OP,
      payload: { inService: true },
    });
    expect(byOperator.statusCode).toBe(403);
    const unknown = await lines.inject({ url: '/api/v1/lines/line-9', headers: TECH });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('LINE_NOT_FOUND');
    const rec = (await stock.inject({ url: '/api/v1/stock/reconciliation', headers: TECH })).json();
    expect(rec.balanced).toBe(true);
    expect(Object.keys(rec.byLine).sort()).toEqual(['line-1', 'line-2', 'line-3']);
  }, 180_000);
});
