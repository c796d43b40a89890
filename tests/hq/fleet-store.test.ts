import { expect, it } from 'vitest';
import { migrate } from '../../gateway/hq/db/migrator.js';
import { FleetStore } from '../../gateway/hq/fleet/fleet-store.js';
import { checkMessage } from '../../gateway/hq/fleet/message.js';
import {
  dailyCounts,
  fleetOverview,
  stationRow,
  stationDevices,
  stationIncidents,
} from '../../gateway/hq/fleet/fleet-queries.js';
import { renderFleetMetrics } from '../../gateway/hq/fleet/metrics.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { device, health, job, station } from './fleet-messages.js';

forEachDatabase('fleet state in HQ database', (open) => {
  async function setup() {
    const { db } = await open();
    await migrate(db);
    const store = new FleetStore(db);
    const apply = async (m: { topic: string; raw: Buffer }, at = new Date('2026-11-30T09:00:01Z')) => {
      const c = checkMessage('cardgate', m.topic, m.raw);
      if (!c.ok) throw new Error(c.detail);
      return store.apply(c.message, at);
    };
    return { db, store, apply };
  }

  it('counts each event once per (station, bootId, seq), whatever is delivered twice or out of order', async () => {
    const { db, apply } = await setup();
    const a = station('site-a', 'st-1');
    const m = [1, 2, 3, 4, 5].map((i) => a.msg('events', job(`j${i}`)));
    const voided = a.msg('events', job('j6', 'voided'));
    const results = [];
    for (const x of [m[1]!, m[0]!, m[1]!, m[2]!, m[4]!, m[3]!, m[0]!, voided, m[4]!])
      results.push(await apply(x));
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(3);
    // A second boot of the same station starts its seq at 1 again: a new key, counted.
    const b = station('site-a', 'st-1');
    await apply(b.msg('events', job('k1')));
    const days = await dailyCounts(db, { from: '2026-11-30', to: '2026-11-30' });
    expect(days).toEqual([
      {
        site: 'site-a',
        station: 'st-1',
        day: '2026-11-30',
        issued: 6,
        voided: 1,
        failed: 0,
        cancelled: 0,
        gap: false,
      },
    ]);
  });

  it('flags a day whose event stream has a hole, and clears it when the late message arrives', async () => {
    const { db, apply } = await setup();
    const a = station('site-a', 'st-2');
    const m = [1, 2, 3].map((i) => a.msg('events', job(`j${i}`)));
    await apply(m[0]!);
    await apply(m[2]!);
    let [day] = await dailyCounts(db, { from: '2026-11-30', to: '2026-11-30' });
    expect(day).toMatchObject({ issued: 2, gap: true });
    expect((await fleetOverview(db)).stations[0]).toMatchObject({ missingEvents: 1 });
    await apply(m[1]!);
    [day] = await dailyCounts(db, { from: '2026-11-30', to: '2026-11-30' });
    expect(day).toMatchObject({ issued: 3, gap: false });
  });

  it('keeps offline periods and device faults as incidents with start, end and duration', async () => {
    const { db, apply } = await setup();
    const a = station('site-b', 'st-3');
    const status = (state: 'online' | 'offline', reason?: 'will') =>
      a.msg('status', {
        state,
        version: '1.0.0',
        bootTime: '2026-11-30T08:00:00.000Z',
        ...(reason ? { reason } : {}),
      });
    await apply(status('online'), new Date('2026-11-30T09:00:00Z'));
    await apply(a.msg('health', health([device('printer-1', 'online')])), new Date('2026-11-30T09:00:00Z'));
    a.at('2026-11-30T09:05:00Z');
    await apply(
      a.msg('health', health([device('printer-1', 'fault', 'RIBBON_ENDED')])),
      new Date('2026-11-30T09:05:00Z'),
    );
    await apply(status('offline', 'will'), new Date('2026-11-30T09:10:00Z'));
    expect((await fleetOverview(db)).stations[0]).toMatchObject({
      status: 'offline',
      severity: 0,
      devicesInFault: 1,
    });
    await apply(status('online'), new Date('2026-11-30T09:12:00Z'));
    a.at('2026-11-30T09:20:00Z');
    await apply(a.msg('health', health([device('printer-1', 'online')])), new Date('2026-11-30T09:20:00Z'));
    const incidents = await stationIncidents(db, 'site-b', 'st-3', new Date('2026-11-30T10:00:00Z'));
    expect(incidents.map((i) => [i.kind, i.device, i.code, i.durationSeconds])).toEqual([
      ['offline', '', 'will', 120],
      ['device', 'printer-1', 'RIBBON_ENDED', 900],
    ]);
    const [dev] = await stationDevices(db, 'site-b', 'st-3');
    expect(dev).toMatchObject({ state: 'online' });
    expect(dev!.since.toISOString()).toBe('2026-11-30T09:20:00.000Z');
    // A late, older health sample (another replica's copy) does not turn the clock back.
    a.at('2026-11-30T09:06:00Z');
    expect(await apply(a.msg('health', health([device('printer-1', 'fault', 'X')])))).toBe('ignored');
    expect((await stationDevices(db, 'site-b', 'st-3'))[0]).toMatchObject({ state: 'online' });
  });

  it("keeps each station's reported hand-off backlog and exports it for the 1-hour alert", async () => {
    const { db, apply } = await setup();
    const a = station('site-h', 'st-1');
    const b = station('site-h', 'st-2');
    await apply(
      a.msg(
        'health',
        health([device('printer-1', 'online')], {
          pending: 12,
          oldestPendingAgeSeconds: 4000,
          lastAckAt: '2026-11-30T07:50:00.000Z',
          lastErrorCode: 'HANDOFF_UNREACHABLE',
        }),
      ),
    );
    await apply(b.msg('health', health([device('printer-1', 'online')])));
    const rows = (await fleetOverview(db)).stations;
    expect(rows.find((r) => r.station === 'st-1')).toMatchObject({
      handoffPending: 12,
      handoffOldestSeconds: 4000,
      handoffError: 'HANDOFF_UNREACHABLE',
    });
    expect(rows.find((r) => r.station === 'st-2')).toMatchObject({ handoffPending: null });
    const text = await renderFleetMetrics(db, new Date('2026-11-30T09:00:05Z'), 'r1', undefined);
    expect(text).toContain('cardgate_station_handoff_oldest_seconds{site="site-h",station="st-1"} 4000');
    expect(text).toContain('cardgate_station_handoff_pending{site="site-h",station="st-1"} 12');
    // A station that reports no hand-off (not enrolled) has no series, so no false alert.
    expect(text).not.toContain('cardgate_station_handoff_oldest_seconds{site="site-h",station="st-2"}');
    // Then the backlog clears: the next health says so.
    a.at('2026-11-30T09:01:00Z');
    await apply(
      a.msg(
        'health',
        health([device('printer-1', 'online')], {
          pending: 0,
          oldestPendingAgeSeconds: null,
          lastAckAt: '2026-11-30T09:00:59.000Z',
          lastErrorCode: null,
        }),
      ),
    );
    const after = await renderFleetMetrics(db, new Date('2026-11-30T09:01:05Z'), 'r1', undefined);
    expect(after).toContain('cardgate_station_handoff_oldest_seconds{site="site-h",station="st-1"} 0');
  });

  it("keeps each station's print lines as its last health named them", async () => {
    const { db, apply } = await setup();
    const a = station('site-l', 'st-1');
    const lines = [
      {
        line: 'line-1',
        state: 'busy' as const,
        code: null,
        stage: 'encoding' as const,
        inFeeder: 40,
        ribbonRemaining: 180,
      },
      {
        line: 'line-2',
        state: 'offline' as const,
        code: 'LINE_READER_MISSING',
        stage: null,
        inFeeder: 12,
        ribbonRemaining: null,
      },
    ];
    await apply(a.msg('health', { ...health([device('printer-1', 'online')]), lines }));
    expect((await stationRow(db, 'site-l', 'st-1'))?.printLines).toEqual(lines);
    // A station that names no lines (before lines existed) shows none, not the last list.
    a.at('2026-11-30T09:10:00Z');
    await apply(a.msg('health', health([device('printer-1', 'online')])));
    expect((await stationRow(db, 'site-l', 'st-1'))?.printLines).toBeNull();
  });

  it('lists the fleet worst first, filtered and searched in SQL', async () => {
    const { db, apply } = await setup();
    for (const [site, id, state] of [
      ['site-a', 'ok-1', 'online'],
      ['site-a', 'down-1', 'offline'],
      ['site-b', 'ok-2', 'online'],
    ] as const) {
      const s = station(site, id);
      await apply(s.msg('status', { state, version: '1', bootTime: '2026-11-30T08:00:00.000Z' }));
      await apply(
        s.msg('counters', {
          totals: { issued: 1, spoiled: 0, voided: 0, byKind: {} },
          today: { date: '2026-11-30', issued: 1, spoiled: 0, voided: 0 },
          stock: { loaded: 100, inFeeder: 100, good: 0, spoiled: 0 },
          numbers: { remaining: 10 },
        }),
      );
    }
    const all = await fleetOverview(db);
    expect(all.total).toBe(3);
    expect(all.stations.map((s) => s.station)).toEqual(['down-1', 'ok-1', 'ok-2']);
    expect((await fleetOverview(db, { search: 'OK' })).stations.map((s) => s.station)).toEqual([
      'ok-1',
      'ok-2',
    ]);
    expect((await fleetOverview(db, { problems: true })).stations.map((s) => s.station)).toEqual(['down-1']);
    expect((await fleetOverview(db, { site: 'site-b' })).total).toBe(1);
  });
});

it('refuses malformed, oversized and off-contract messages before they reach the database', () => {
  const ok = station('site-a', 'st-9').msg('events', job('j1'));
  expect(checkMessage('cardgate', ok.topic, ok.raw).ok).toBe(true);
  const body = JSON.parse(ok.raw.toString()) as Record<string, unknown>;
  const reason = (topic: string, raw: Buffer | string) => {
    const c = checkMessage('cardgate', topic, Buffer.from(raw), 4096);
    return c.ok ? 'ok' : c.reason;
  };
  expect(reason(ok.topic, '{not json')).toBe('json');
  expect(reason(ok.topic, Buffer.alloc(5000, 32))).toBe('size');
  expect(reason(ok.topic, JSON.stringify({ ...body, seq: -1 }))).toBe('schema');
  expect(reason(ok.topic, JSON.stringify({ ...body, name: 'Ion Popescu' }))).toBe('schema');
  expect(reason(ok.topic, JSON.stringify({ ...body, v: 2 }))).toBe('schema');
  expect(reason('cardgate/site-a/st-9/cmd/rebirth', ok.raw)).toBe('topic');
  expect(reason('cardgate/Site A/st-9/events', ok.raw)).toBe('topic');
  expect(reason('cardgate/site-a/st-9/weather', ok.raw)).toBe('topic');
  expect(reason('other/site-a/st-9/events', ok.raw)).toBe('topic');
});
