import { expect, it } from 'vitest';
import pino from 'pino';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { HealthReporter } from '../../gateway/telemetry/health-reporter.js';
import { Publisher } from '../../gateway/telemetry/publisher.js';
import { embeddedTestDatabases } from '../helpers/hq-databases.js';
import { personalDataIn } from '../helpers/personal-data.js';
import { person } from '../issuance/service-helpers.js';
import { startHqRig, testClock } from './hq-rig.js';
import { tappedRegistry } from './registry-tap.js';
import { startStation, type StationRig } from './station-rig.js';

const open = embeddedTestDatabases();

/**
 * The station's health samples as HQ receives them: the contract's publisher (checking every
 * message against the schema) around the real hand-off's status, each sample recorded as sent.
 */
function healthOf(st: StationRig) {
  const sent: Array<Record<string, unknown>> = [];
  const publisher = new Publisher({
    bootId: 'boot-0001-health',
    base: 'cardgate/site-a/st-1',
    now: () => new Date(st.issuance.clock.now()).toISOString(),
    maxPayloadBytes: 64_000,
    logger: pino({ level: 'silent' }),
    check: true,
  });
  publisher.connected = true;
  publisher.publish = (_topic, payload, _opts, done) => {
    sent.push(JSON.parse(String(payload)) as Record<string, unknown>);
    done?.(undefined);
  };
  const reporter = new HealthReporter({
    publisher,
    registry: new DeviceRegistry(st.issuance.bus, st.issuance.clock),
    clock: st.issuance.clock,
    dataDir: st.dataDir,
    intervalSeconds: 60,
    outbox: () => ({ depth: 0, overLimit: false }),
    handoff: () => st.handoff.status(),
    onError: (e) => {
      throw e;
    },
  });
  return {
    sent,
    async sample() {
      await reporter.sample();
      return sent.at(-1)!;
    },
  };
}

it('health samples carry the hand-off backlog (pending, oldest age, last ack, last error code) and nothing of a person', async () => {
  const { db } = await open();
  const clock = testClock();
  const registry = await tappedRegistry(db, clock);
  let hq = await startHqRig(db, clock, { registry, store: registry.keys });
  const port = Number(new URL(hq.url).port);
  const st = await startStation({ hqUrl: hq.url, site: 'site-a', station: 'st-1', stations: hq.stations });
  const health = healthOf(st);
  try {
    expect((await health.sample()).handoff).toEqual({
      pending: 0,
      oldestPendingAgeSeconds: null,
      lastAckAt: null,
      lastErrorCode: null,
    });
    await hq.close(); // the line to HQ is cut
    await st.issue('Amirova');
    await st.handoff.settled();
    st.issuance.clock.set(st.issuance.clock.now() + 5 * 60_000);
    await st.issue('Bondarenko');
    await st.handoff.settled();
    await expect
      .poll(() => st.handoff.status().lastError?.code, { timeout: 30_000 })
      .toBe('HANDOFF_UNREACHABLE');
    const cut = await health.sample();
    expect(cut.handoff).toEqual({
      pending: 2,
      oldestPendingAgeSeconds: 300,
      lastAckAt: null,
      lastErrorCode: 'HANDOFF_UNREACHABLE',
    });

    hq = await startHqRig(db, clock, { registry, store: registry.keys, port }); // HQ is back
    st.handoff.pump.retryNow();
    await st.handoff.pump.drained();
    expect(registry.created).toHaveLength(2);
    const back = await health.sample();
    expect(back.handoff).toMatchObject({ pending: 0, oldestPendingAgeSeconds: null, lastErrorCode: null });
    expect(Date.parse((back.handoff as { lastAckAt: string }).lastAckAt)).toBe(st.issuance.clock.now());
    for (const m of health.sent)
      for (const surname of ['Amirova', 'Bondarenko'])
        expect(personalDataIn(JSON.stringify(m), person({ surname }))).toEqual([]);
  } finally {
    await st.close();
    await hq.close();
  }
});
