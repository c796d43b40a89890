import { describe, expect, it } from 'vitest';
import { Outbox } from '../../gateway/telemetry/outbox.js';
import { OutboxPump, type PumpLink } from '../../gateway/telemetry/outbox-pump.js';
import type { Publish } from '../../gateway/telemetry/mqtt-link.js';
import { tempDir } from './fixtures.js';

/** A link whose PUBACKs the test gives (or refuses) by hand. */
class HandLink implements PumpLink {
  connected = true;
  generation = 1;
  sent: { topic: string; payload: Record<string, unknown>; done: (err?: Error) => void }[] = [];
  publish: Publish = (topic, payload, _opts, done) =>
    void this.sent.push({ topic, payload: JSON.parse(payload) as Record<string, unknown>, done });
}

async function setup() {
  const outbox = await Outbox.open({ dir: tempDir(), maxMessages: 1000, fsyncIntervalMs: 1 });
  const link = new HandLink();
  const errors: string[] = [];
  let published = 0;
  const pump = new OutboxPump({
    outbox,
    link,
    base: 'cardgate/s/1',
    onError: (e) => errors.push(e.message),
    onPublished: () => published++,
    retryMs: 1,
  });
  outbox.onDurable = () => pump.pump();
  const add = (n: number) =>
    outbox.append({ topic: 'events', retain: false, payload: { n }, deferred: false });
  return { outbox, link, pump, errors, add, published: () => published };
}

describe('outbox pump', () => {
  it('sends stored entries in order under the station base and removes each on its PUBACK', async () => {
    const { outbox, link, pump, add, published } = await setup();
    await Promise.all([1, 2, 3].map(add));
    expect(link.sent.map((s) => [s.topic, s.payload.n])).toEqual([
      ['cardgate/s/1/events', 1],
      ['cardgate/s/1/events', 2],
      ['cardgate/s/1/events', 3],
    ]);
    const drained = pump.drained(5000);
    for (const s of link.sent) s.done();
    expect(await drained).toBe(true);
    expect(outbox.depth).toBe(0);
    expect(published()).toBe(3);
    await outbox.close();
  });

  it('keeps a refused entry in place and sends it again, never skipping it', async () => {
    const { outbox, link, add, errors } = await setup();
    await add(1);
    const retried = new Promise<void>((resolve) => {
      const publish = link.publish;
      link.publish = (...a) => {
        publish(...a);
        if (link.sent.length === 2) resolve();
      };
    });
    link.sent[0]!.done(new Error('quota exceeded'));
    await retried;
    expect(errors).toEqual(['quota exceeded']);
    expect(link.sent.map((s) => s.payload.n)).toEqual([1, 1]);
    // The second attempt is marked as a late delivery.
    expect(link.sent[1]!.payload.historical).toBe(true);
    expect(outbox.depth).toBe(1);
    link.sent[1]!.done();
    expect(outbox.depth).toBe(0);
    await outbox.close();
  });

  it('after a dropped link resends what was in flight, as historical, and ignores the old client', async () => {
    const { outbox, link, pump, add } = await setup();
    await Promise.all([1, 2].map(add));
    expect(pump.inflight).toBe(2);
    const old = link.sent.splice(0);
    link.connected = false;
    link.generation++;
    pump.linkLost();
    expect(pump.inflight).toBe(0);
    old[0]!.done(); // a late PUBACK from the dropped client acknowledges nothing
    expect(outbox.depth).toBe(2);
    link.connected = true;
    pump.pump();
    expect(link.sent.map((s) => [s.payload.n, s.payload.historical])).toEqual([
      [1, true],
      [2, true],
    ]);
    await outbox.close();
  });

  it('publishes nothing while the link is down', async () => {
    const { outbox, link, add } = await setup();
    link.connected = false;
    await add(1);
    expect(link.sent).toEqual([]);
    expect(outbox.depth).toBe(1);
    await outbox.close();
  });
});
