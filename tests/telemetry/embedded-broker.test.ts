import { afterEach, describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import {
  BirthPayload,
  CountersPayload,
  EventPayload,
  StatusPayload,
} from '../../gateway/telemetry/contract/index.js';
import { embeddedBroker, recorder, telemetryDeps } from './fixtures.js';

describe('telemetry over the embedded aedes broker (MQTT 3.1.1)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('falls back to MQTT 3.1.1 and publishes status, birth, counters and events', async () => {
    const { broker, station, hq } = await embeddedBroker();
    cleanup.push(() => broker.close());
    const rec = await recorder(broker.url, { protocolVersion: 4, ...hq });
    cleanup.push(() => rec.close());
    const { telemetry, issuance } = telemetryDeps({
      mqtt: { url: broker.url, protocolVersion: 'auto', ...station },
    });
    await telemetry.start();
    cleanup.push(() => telemetry.stop());

    const status = await rec.waitFor('status', (p) => p.state === 'online');
    expect(Value.Check(StatusPayload, status.payload)).toBe(true);
    const birth = await rec.waitFor('birth');
    expect(Value.Check(BirthPayload, birth.payload)).toBe(true);
    expect(birth.payload.protocolVersion).toBe(4);
    expect(telemetry.status().connected).toBe(true);

    issuance.issue('new', 'job-1');
    const ev = await rec.waitFor('events', (p) => p.code === 'JOB_DONE');
    expect(Value.Check(EventPayload, ev.payload)).toBe(true);
    const c = await rec.waitFor('counters', (p) => (p.totals as { issued: number }).issued === 1);
    expect(Value.Check(CountersPayload, c.payload)).toBe(true);
    expect(await telemetry.drained(5000)).toBe(true);
    expect(telemetry.status().outboxDepth).toBe(0);
  });

  it('runs the fleet monitor against aedes, which has no shared subscriptions', async () => {
    const { startFleetMonitor } = await import('../../gateway/fleet/index.js');
    const { waitFor } = await import('../helpers/processes.js');
    const { broker, station, hq } = await embeddedBroker();
    cleanup.push(() => broker.close());
    const fleet = await startFleetMonitor({ broker: broker.url, group: 'hq', ...hq });
    cleanup.push(() => fleet.close());
    await waitFor(() => fleet.connected(), { what: 'fleet connected over 3.1.1' });
    const { telemetry, issuance } = telemetryDeps({ mqtt: { url: broker.url, ...station } });
    await telemetry.start();
    cleanup.push(() => telemetry.stop());
    issuance.issue('new', 'job-1');
    // The event and the counters are two messages: either may arrive first (a CI run saw the
    // count still 0 right after the event), so the fleet is checked once both are there.
    await waitFor(
      () => {
        const s = fleet.state.stations.get('dev-site/station-1');
        return s?.events.length === 1 && s.issuedTotal === 1;
      },
      { what: "the card's event and the station's count of 1 at the fleet" },
    );
    expect(fleet.shared()).toBe(false);
  });

  it('a fleet monitor joining a running station shows it online at once and counts no gaps', async () => {
    const { startFleetMonitor } = await import('../../gateway/fleet/index.js');
    const { renderFleetPage } = await import('../../gateway/fleet/fleet-page.js');
    const { waitFor } = await import('../helpers/processes.js');
    const { broker, station, hq } = await embeddedBroker();
    cleanup.push(() => broker.close());
    const { telemetry, issuance } = telemetryDeps({ mqtt: { url: broker.url, ...station } });
    await telemetry.start();
    cleanup.push(() => telemetry.stop());
    // The station has been at work before headquarters looks: its events stream is at 5.
    for (let i = 1; i <= 5; i++) issuance.issue('new', `early-${i}`);
    await waitFor(() => telemetry.status().connected, { what: 'station connected' });
    expect(await telemetry.drained(10_000)).toBe(true);

    const fleet = await startFleetMonitor({ broker: broker.url, ...hq });
    cleanup.push(() => fleet.close());
    const view = () => fleet.state.stations.get('dev-site/station-1');
    // The retained status is the first thing the monitor learns; from then on the station is online.
    await waitFor(() => view()?.status === 'online', { what: 'retained status at the monitor' });
    const now = Date.now();
    expect(fleet.state.refresh(now)[0]!.online).toBe(true);
    expect(renderFleetPage(fleet.state.refresh(now), now)).toContain('1 station, 1 online');

    issuance.issue('new', 'late-1');
    issuance.issue('new', 'late-2');
    await waitFor(() => view()?.events.length === 2, { what: 'the new events at the monitor' });
    expect(view()!.events.map((e) => e.seq)).toEqual([6, 7]);
    expect(view()!.seqGaps).toBe(0);
  });

  it('reports a missing client certificate instead of crashing, and keeps storing', async () => {
    const { telemetry, issuance } = telemetryDeps({
      mqtt: {
        url: 'mqtts://127.0.0.1:1',
        tls: { certFile: '/nonexistent/station.crt', keyFile: '/nonexistent/station.key' },
      },
    });
    await telemetry.start();
    cleanup.push(() => telemetry.stop());
    const { waitFor } = await import('../helpers/processes.js');
    await waitFor(() => telemetry.status().lastError?.includes('ENOENT'), { what: 'error reported' });
    issuance.issue('new', 'job-1');
    await waitFor(() => telemetry.status().outboxDepth >= 2, { what: 'stored while offline' });
    expect(telemetry.status().connected).toBe(false);
  });
});
