/**
 * The database half of `npm run bench fleet`: 5 messages per station (status, health with two
 * devices, counters, two events) through FleetIngest, one message at a time (what one MQTT
 * session gives: the PUBACK waits for the commit) and with 128 in flight (NATS, or 8+ MQTT
 * lanes over replicas), so the batching's effect is measured on the same engine.
 */
import type { Database } from '../../gateway/hq/db/database.js';
import { FleetIngest } from '../../gateway/hq/fleet/ingest.js';
import { Publisher } from '../../gateway/telemetry/publisher.js';

export const quiet = { info() {}, warn() {}, error() {}, debug() {} };

const device = (id: string, cls: 'printer' | 'encoder') => ({
  id,
  class: cls,
  driver: 'sim',
  transport: 'none',
  emulated: true,
  state: 'online' as const,
  lastErrorCode: null,
  lastSeen: null,
  readings: {},
});

/** Five contract messages per station `from` … `to - 1`, as the station's Publisher makes them. */
export function stationMessages(from: number, to: number, now: number, site = 'site') {
  const msgs: { topic: string; raw: Buffer }[] = [];
  for (let i = from; i < to; i++) {
    const s = `${site}-${String(Math.floor(i / 10)).padStart(3, '0')}`;
    const station = `sim-${String(i).padStart(4, '0')}`;
    const pub = new Publisher({
      bootId: `boot-${i}-bench`,
      base: `cardgate/${s}/${station}`,
      now: () => new Date(now).toISOString(),
      maxPayloadBytes: 65536,
      logger: quiet,
    });
    const m = (stream: string, body: object) => ({
      topic: `cardgate/${s}/${station}/${stream}`,
      raw: Buffer.from(JSON.stringify(pub.message(stream as 'events', body as never))),
    });
    msgs.push(
      m('status', { state: 'online', version: '1.0.0', bootTime: new Date(now).toISOString() }),
      m('health', {
        devices: [device('printer-1', 'printer'), device('encoder-1', 'encoder')],
        system: {
          uptimeSeconds: 1,
          processUptimeSeconds: 1,
          memory: { rssBytes: 1, freeBytes: 1, totalBytes: 2 },
          disk: null,
          clock: 'synchronised',
        },
        outbox: { depth: 0, overLimit: false, coalescedHealth: 0 },
      }),
      m('counters', {
        totals: { issued: 2, spoiled: 0, voided: 0, byKind: {} },
        today: { date: new Date(now).toISOString().slice(0, 10), issued: 2, spoiled: 0, voided: 0 },
        stock: { loaded: 100, inFeeder: 100, good: 0, spoiled: 0 },
        numbers: { remaining: 10 },
      }),
      m('events', { level: 'info', code: 'JOB_DONE', source: 'issuance', detail: { jobId: 'a' } }),
      m('events', { level: 'info', code: 'JOB_DONE', source: 'issuance', detail: { jobId: 'b' } }),
    );
  }
  return msgs;
}

/** Messages per second through the ingest with at most `inFlight` handed over at once. */
export async function ingestRate(
  db: Database,
  msgs: { topic: string; raw: Buffer }[],
  inFlight: number,
): Promise<{ rate: number; perBatch: number }> {
  const ingest = new FleetIngest({ db, prefix: 'cardgate', logger: quiet, clock: { now: () => Date.now() } });
  const t0 = performance.now();
  const working = new Set<Promise<unknown>>();
  for (const x of msgs) {
    const p: Promise<unknown> = ingest.handle(x.topic, x.raw).finally(() => working.delete(p));
    working.add(p);
    if (working.size >= inFlight) await Promise.race(working);
  }
  await Promise.all(working);
  const c = ingest.counters;
  return {
    rate: msgs.length / ((performance.now() - t0) / 1000),
    perBatch: (c.stored + c.duplicates) / c.batches,
  };
}
