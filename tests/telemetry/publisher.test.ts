import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { Outbox } from '../../gateway/telemetry/outbox.js';
import { Publisher, PublishedSchemas, assertMessage } from '../../gateway/telemetry/publisher.js';
import { tempDir } from './fixtures.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const publisher = (over: Partial<ConstructorParameters<typeof Publisher>[0]> = {}) =>
  new Publisher({
    bootId: 'boot-1234',
    base: 'cardgate/s/1',
    now: () => '2026-11-30T06:00:00.000Z',
    maxPayloadBytes: 65536,
    logger: quiet,
    check: true,
    ...over,
  });

describe('typed publisher', () => {
  it('wraps a body in the envelope with a sequence per stream, and the result meets the schema', () => {
    const p = publisher();
    const a = p.message('events', { level: 'info', code: 'JOB_DONE', source: 'issuance' });
    const b = p.message('events', { level: 'fault', code: 'PRINTER_JAM', source: 'printer-1' });
    const s = p.message('status', { state: 'online', version: '1.0.0', bootTime: '2026-11-30T05:00:00Z' });
    expect([a.seq, b.seq, s.seq]).toEqual([1, 2, 1]);
    expect(a).toMatchObject({ v: 1, bootId: 'boot-1234', ts: '2026-11-30T06:00:00.000Z' });
    expect(Value.Check(PublishedSchemas.events, b)).toBe(true);
    expect(Value.Check(PublishedSchemas.status, s)).toBe(true);
  });

  it('refuses a payload off its topic schema: at compile time, and at run time with the failing path', () => {
    const p = publisher();
    // The cast stands for data that slipped past the types (JSON from elsewhere, an `any`).
    const offContract = { level: 'info', code: 'lower case', source: 'x' } as unknown as {
      level: 'info';
      code: string;
      source: string;
    };
    expect(() => p.message('events', offContract)).toThrow(
      expect.objectContaining({
        code: 'TELEMETRY_PAYLOAD_INVALID',
        message: expect.stringContaining('/code'),
      }),
    );
    expect(() =>
      // @ts-expect-error a counters body without the stock and numbers the contract requires
      p.message('counters', { totals: { issued: 1, spoiled: 0, voided: 0, byKind: {} } }),
    ).toThrow(/counters message off the contract/);
    // @ts-expect-error `name` is no field of an event: extra properties do not compile
    expect(() => p.message('events', { level: 'info', code: 'X', source: 'x', name: 'Taras' })).toThrow();
    // @ts-expect-error no such stream
    expect(() => assertMessage('people', {})).toThrow();
  });

  it('stores durable streams in the outbox under their topic, deferred while offline', async () => {
    const outbox = await Outbox.open({ dir: tempDir(), maxMessages: 100, fsyncIntervalMs: 1 });
    const p = publisher();
    p.outbox = outbox;
    await p.durable('reply', { command: 'rebirth', requestId: 'r1', ok: true }, { name: 'rebirth' });
    p.connected = true;
    await p.durable('events', { level: 'info', code: 'X', source: 'x' });
    const [reply, event] = outbox.takeUnsent(10);
    expect(reply).toMatchObject({ topic: 'reply/rebirth', deferred: true, payload: { seq: 1, ok: true } });
    expect(event).toMatchObject({ topic: 'events', deferred: false });
    await outbox.close();
  });

  it('sends an oversized diagnostics bundle as its flagged skeleton', async () => {
    const outbox = await Outbox.open({ dir: tempDir(), maxMessages: 100, fsyncIntervalMs: 1 });
    const p = publisher({ maxPayloadBytes: 2048 });
    p.outbox = outbox;
    const recentEvents = Array.from({ length: 100 }, (_, i) => ({
      ts: 'x',
      level: 'info',
      code: `E${i}`,
      source: 'x',
    }));
    await p.durable('diagnostics', {
      requestId: 'd1',
      versions: {},
      devices: [],
      recentEvents,
      station: null,
      telemetry: {},
    });
    const [entry] = outbox.takeUnsent(1);
    expect(entry!.payload).toMatchObject({ truncated: true, recentEvents: [], requestId: 'd1' });
    expect(Value.Check(PublishedSchemas.diagnostics, entry!.payload)).toBe(true);
    await outbox.close();
  });
});
