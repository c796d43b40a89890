import { describe, expect, it } from 'vitest';
import { FleetState, ribbonLow } from '../../gateway/fleet/fleet-state.js';
import { renderMetrics } from '../../gateway/fleet/fleet-metrics.js';
import { renderFleetPage } from '../../gateway/fleet/fleet-page.js';

const T0 = Date.parse('2026-11-28T10:00:00Z');
const opts = {
  prefix: 'cardgate',
  silenceMs: 60_000,
  clockSkewMs: 120_000,
  cardStockLow: 20,
  eventsKept: 100,
};
const msg = (o: Record<string, unknown>) =>
  JSON.stringify({ v: 1, bootId: 'boot-aaaa', ts: new Date(T0).toISOString(), ...o });
const base = 'cardgate/site-a/st-1';

describe('fleet state', () => {
  it('counts gaps and drops duplicates per boot and stream', () => {
    const f = new FleetState(opts);
    for (const seq of [1, 2, 2, 3, 6, 7])
      f.ingest(`${base}/events`, msg({ seq, level: 'info', code: `E${seq}`, source: 'x' }), T0);
    // A new boot starts its own sequence.
    f.ingest(
      `${base}/events`,
      msg({ seq: 1, bootId: 'boot-bbbb', level: 'info', code: 'B1', source: 'x' }),
      T0,
    );
    const s = f.stations.get('site-a/st-1')!;
    expect(s.events.map((e) => e.code)).toEqual(['E1', 'E2', 'E3', 'E6', 'E7', 'B1']);
    expect(s.seqDuplicates).toBe(1);
    expect(s.seqGaps).toBe(2);
  });

  it('marks a station offline on its last will or after silence, and flags a skewed clock', () => {
    const f = new FleetState(opts);
    f.ingest(`${base}/status`, msg({ seq: 2, state: 'online', version: '1', bootTime: 'x' }), T0);
    expect(f.refresh(T0)[0]!.online).toBe(true);
    expect(f.refresh(T0 + 61_000)[0]!.online).toBe(false);
    f.ingest(
      `${base}/status`,
      msg({ seq: 1, state: 'offline', reason: 'will', version: '1', bootTime: 'x' }),
      T0 + 1000,
    );
    expect(f.refresh(T0 + 1000)[0]!.online).toBe(false);
    // Received 10 minutes after its own ts, live: the station clock is behind.
    f.ingest(`${base}/health`, msg({ seq: 1, devices: [], system: { clock: 'unknown' } }), T0 + 600_000);
    expect(f.refresh(T0 + 600_000)[0]!.clockStale).toBe(true);
    // Historical messages say nothing about the clock.
    const g = new FleetState(opts);
    g.ingest(
      `${base}/events`,
      msg({ seq: 1, level: 'info', code: 'X', source: 'x', historical: true }),
      T0 + 600_000,
    );
    expect(g.refresh(T0 + 600_000)[0]!.clockStale).toBe(false);
  });

  it('shows faults, low ribbon, low stock and issued cards on the page and in /metrics', () => {
    const f = new FleetState(opts);
    f.ingest(`${base}/status`, msg({ seq: 1, state: 'online' }), T0);
    f.ingest(
      `${base}/health`,
      msg({
        seq: 1,
        devices: [
          {
            id: 'p1',
            class: 'printer',
            state: 'fault',
            lastErrorCode: 'JAM',
            readings: { 'ribbon.remainingPercent': 5 },
          },
          { id: 'e1', class: 'encoder', state: 'online', lastErrorCode: null, readings: {} },
        ],
      }),
      T0,
    );
    f.ingest(
      `${base}/counters`,
      msg({ seq: 1, totals: { issued: 812 }, today: { issued: 17 }, stock: { inFeeder: 12 } }),
      T0,
    );
    f.ingest('cardgate/site-b/st-9/counters', 'not json', T0);
    const metrics = renderMetrics(f, T0 + 5000);
    expect(metrics).toContain('cardgate_station_devices_in_fault{site="site-a",station="st-1"} 1');
    expect(metrics).toContain('cardgate_station_ribbon_low{site="site-a",station="st-1"} 1');
    expect(metrics).toContain('cardgate_station_card_stock_low{site="site-a",station="st-1"} 1');
    expect(metrics).toContain('cardgate_station_cards_issued_total{site="site-a",station="st-1"} 812');
    expect(metrics).toContain('cardgate_station_cards_issued_today{site="site-a",station="st-1"} 17');
    expect(metrics).toContain('cardgate_station_last_seen_seconds{site="site-a",station="st-1"} 5');
    expect(metrics).toContain('cardgate_fleet_rejected_total 1');
    const page = renderFleetPage(f.refresh(T0 + 5000), T0 + 5000);
    const row = page.slice(
      page.indexOf('<td>site-a</td>'),
      page.indexOf('</tr>', page.indexOf('<td>site-a</td>')),
    );
    // The row names the device in fault and why, and flags ribbon and stock, in that order.
    expect(row).toMatch(
      /p1 \(printer\): JAM<\/span><\/td>\s*<td><span class="bad">low<\/span><\/td><td><span class="bad">low<\/span><\/td>/,
    );
    expect(row).not.toContain('e1 (encoder)');
    expect(row).toMatch(/<td class="num">17<\/td><td class="num">812<\/td>/);
    expect(row).toContain('5 s ago');
    // site-b sent only garbage: it is not a station on the page.
    expect(page).toContain('1 station, 1 online');
  });

  it('takes the sequence it first sees as its baseline when it joins a running station', () => {
    const f = new FleetState(opts);
    // The station has been up for a while: its events stream is at 25 when this monitor subscribes.
    for (const seq of [25, 26, 27])
      f.ingest(`${base}/events`, msg({ seq, level: 'info', code: `E${seq}`, source: 'x' }), T0);
    const s = f.stations.get('site-a/st-1')!;
    expect(s.seqGaps).toBe(0);
    // A message lost after the baseline is still a gap.
    f.ingest(`${base}/events`, msg({ seq: 29, level: 'info', code: 'E29', source: 'x' }), T0);
    expect(s.seqGaps).toBe(1);
    expect(renderMetrics(f, T0)).toContain(
      'cardgate_station_sequence_gaps_total{site="site-a",station="st-1"} 1',
    );
  });

  it('shows a station online from its retained status at once, and offline from a retained will', () => {
    const f = new FleetState(opts);
    const joined = T0 + 3_600_000; // an hour after the station's status was published
    f.ingest(`${base}/status`, msg({ seq: 2, state: 'online', version: '1', bootTime: 'x' }), joined, true);
    // A retained counters copy says nothing about the link.
    f.ingest(`${base}/counters`, msg({ seq: 9, totals: { issued: 3 } }), joined, true);
    const [view] = f.refresh(joined + 1000);
    expect(view!.online).toBe(true);
    const page = renderFleetPage(f.refresh(joined + 1000), joined + 1000);
    expect(page).toContain('<span class="ok">online</span>');
    expect(page).not.toContain('not yet');

    const g = new FleetState(opts);
    g.ingest(`${base}/status`, msg({ seq: 1, state: 'offline', reason: 'will' }), joined, true);
    expect(g.refresh(joined)[0]!.online).toBe(false);
    expect(renderFleetPage(g.refresh(joined), joined)).toContain('<span class="bad">offline</span>');
  });

  it('counts stations in words', () => {
    const f = new FleetState(opts);
    expect(renderFleetPage(f.refresh(T0), T0)).toContain('0 stations, 0 online');
    f.ingest(`${base}/status`, msg({ seq: 1, state: 'online' }), T0);
    expect(renderFleetPage(f.refresh(T0), T0)).toContain('1 station, 1 online');
    f.ingest('cardgate/site-a/st-2/status', msg({ seq: 1, state: 'offline' }), T0);
    expect(renderFleetPage(f.refresh(T0), T0)).toContain('2 stations, 1 online');
  });

  it('reads the usual ribbon readings', () => {
    expect(ribbonLow({ 'ribbon.remainingPercent': 9 })).toBe(true);
    expect(ribbonLow({ 'ribbon.remainingPercent': 60 })).toBe(false);
    expect(ribbonLow({ ribbonLeft: 30 })).toBe(true);
    expect(ribbonLow({ ribbonLow: true })).toBe(true);
    expect(ribbonLow({ model: 'x' })).toBe(false);
  });
});
