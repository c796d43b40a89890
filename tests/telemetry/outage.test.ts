import { afterEach, expect, it } from 'vitest';
import { describeWithSystem } from '../helpers/system.js';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/processes.js';
import { startFleetMonitor, type FleetMonitor } from '../../gateway/fleet/index.js';
import { EventBus } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { systemClock } from '../../gateway/core/clock.js';
import { createTelemetry } from '../../gateway/telemetry/index.js';
import type { FakeIssuance } from './fixtures.js';
import { telemetryDeps, tempDir } from './fixtures.js';

/**
 * The issue asks for a 60 s outage; that is too long for the test run, so the default here is
 * 5 s (the mechanism does not depend on the length: the link is down, the outbox fills).
 * CARDGATE_OUTAGE_SECONDS=60 runs the full length.
 */
const OUTAGE_MS = Number(process.env.CARDGATE_OUTAGE_SECONDS ?? 5) * 1000;

describeWithSystem(['mosquitto', 'openssl'], 'telemetry through a broker outage', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup() {
    const broker: Mosquitto = await startMosquitto({ tls: true, persistence: true });
    cleanup.push(() => broker.close());
    const hq = broker.tls!.client('headquarters');
    // A fixed client id: headquarters keeps a persistent session, so the broker holds messages
    // for the monitor while the monitor is itself reconnecting after the broker restart.
    const fleet: FleetMonitor = await startFleetMonitor({
      broker: broker.url,
      caFile: broker.tls!.caFile,
      certFile: hq.certFile,
      keyFile: hq.keyFile,
      clientId: `hq-${Math.random().toString(16).slice(2)}`,
    });
    cleanup.push(() => fleet.close());
    await waitFor(() => fleet.connected(), { what: 'fleet connected' });
    const gw = broker.tls!.client('dev-site.station-1');
    const tls = { caFile: broker.tls!.caFile, certFile: gw.certFile, keyFile: gw.keyFile };
    return { broker, fleet, tls };
  }

  /** Issue cards and raise warnings through the outage, as a busy office would. */
  async function busyDuring(
    ms: number,
    issuance: FakeIssuance,
    bus: () => EventBus,
    expected: string[],
    tag: string,
  ) {
    const end = Date.now() + ms;
    let i = 0;
    while (Date.now() < end) {
      i++;
      issuance.issue(i % 3 === 0 ? 'extension' : 'new', `${tag}-${i}`);
      expected.push(`JOB_DONE:${tag}-${i}`);
      if (i % 4 === 0) {
        bus().emit('station:event', {
          level: 'warning',
          code: 'PRINTER_RIBBON_LOW',
          message: 'ribbon low',
          source: 'printer-1',
        });
        expected.push('PRINTER_RIBBON_LOW:');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const eventKeys = (fleet: FleetMonitor) =>
    fleet.state.stations
      .get('dev-site/station-1')!
      .events.map((e) => `${e.code}:${(e.detail?.jobId as string | undefined) ?? ''}`);

  async function expectFleetCaughtUp(fleet: FleetMonitor, issuance: FakeIssuance, expected: string[]) {
    await waitFor(
      () => {
        const s = fleet.state.stations.get('dev-site/station-1');
        const c = s?.counters as { totals?: { issued: number } } | null | undefined;
        return c?.totals?.issued === issuance.counters.totals.issued && s!.events.length >= expected.length;
      },
      { timeoutMs: 20_000, what: 'fleet caught up' },
    );
    const s = fleet.state.stations.get('dev-site/station-1')!;
    const { totals, today, stock, numbers } = s.counters as Record<string, unknown>;
    expect({ totals, today, stock, numbers }).toEqual(issuance.counters);
    expect(eventKeys(fleet)).toEqual(expected);
    expect(s.seqGaps).toBe(0);
  }

  it(`delivers every event once and in order, and exact counters, after a ${OUTAGE_MS / 1000} s outage`, async () => {
    const { broker, fleet, tls } = await setup();
    const { telemetry, issuance, bus } = telemetryDeps({ mqtt: { url: broker.url, tls } });
    await telemetry.start();
    cleanup.push(() => telemetry.stop());
    await waitFor(() => fleet.state.stations.get('dev-site/station-1')?.online, {
      what: 'station online at the fleet',
    });

    const expected: string[] = [];
    for (let i = 1; i <= 3; i++) {
      issuance.issue('new', `before-${i}`);
      expected.push(`JOB_DONE:before-${i}`);
    }
    // The first events must be acknowledged before the outage, or they are (rightly) replayed as historical.
    expect(await telemetry.drained(20_000)).toBe(true);

    await broker.stop();
    // Only what is published once the gateway knows the link is down must be marked historical:
    // a message sent in the instant the broker goes away may still have been delivered live.
    await waitFor(() => !telemetry.status().connected, { what: 'gateway sees the link down' });
    await busyDuring(OUTAGE_MS, issuance, () => bus, expected, 'during');
    expect(telemetry.status().connected).toBe(false);
    expect(telemetry.status().outboxDepth).toBeGreaterThan(10);
    await broker.start();

    await expectFleetCaughtUp(fleet, issuance, expected);
    const events = fleet.state.stations.get('dev-site/station-1')!.events;
    // What waited in the outbox is marked as such; what was sent live is not.
    expect(
      events
        .filter((e) => e.code === 'JOB_DONE' && String(e.detail?.jobId).startsWith('during'))
        .every((e) => e.historical),
    ).toBe(true);
    expect(events.slice(0, 3).every((e) => !e.historical)).toBe(true);
    await waitFor(() => telemetry.status().outboxDepth === 0, { what: 'outbox drained' });
  });

  it('delivers everything from before and after a gateway restart during the outage', async () => {
    const { broker, fleet, tls } = await setup();
    const dataDir = tempDir();
    const first = telemetryDeps({ mqtt: { url: broker.url, tls }, dataDir });
    const issuance = first.issuance;
    await first.telemetry.start();
    await waitFor(() => fleet.state.stations.get('dev-site/station-1')?.online, {
      what: 'station online at the fleet',
    });
    const expected: string[] = [];
    await broker.stop();
    await busyDuring(OUTAGE_MS / 2, issuance, () => first.bus, expected, 'boot1');
    await first.telemetry.stop();

    // The gateway comes back with a new boot id and the same data directory.
    const bus = new EventBus();
    issuance.bus = bus;
    const second = createTelemetry({ ...first.deps, bus, registry: new DeviceRegistry(bus, systemClock) });
    await second.start();
    cleanup.push(() => second.stop());
    expect(second.status().outboxDepth).toBeGreaterThan(5);
    await busyDuring(OUTAGE_MS / 2, issuance, () => bus, expected, 'boot2');
    await broker.start();

    await expectFleetCaughtUp(fleet, issuance, expected);
    const events = fleet.state.stations.get('dev-site/station-1')!.events;
    const boots = [...new Set(events.map((e) => e.bootId))];
    expect(boots).toEqual([first.telemetry.status().bootId, second.status().bootId]);
  });
});
