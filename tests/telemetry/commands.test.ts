import { expect, it } from 'vitest';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describeWithSystem } from '../helpers/system.js';
import { waitFor } from '../helpers/processes.js';
import { CardgateError } from '../../gateway/core/errors.js';
import { COMMAND_NAMES, DiagnosticsPayload, ReplyPayload } from '../../gateway/telemetry/contract/index.js';
import { recorder, telemetryDeps, tlsBrokerSuite } from './fixtures.js';

describeWithSystem(['mosquitto', 'openssl'], 'commands from the data centre', () => {
  const { broker, cleanup } = tlsBrokerSuite();

  async function station(over: Parameters<typeof telemetryDeps>[0] = {}) {
    const gw = broker().tls!.client('dev-site.station-1');
    const t = telemetryDeps({
      ...over,
      mqtt: {
        url: broker().url,
        tls: { caFile: broker().tls!.caFile, certFile: gw.certFile, keyFile: gw.keyFile },
      },
    });
    const hq = broker().tls!.client('headquarters');
    const rec = await recorder(broker().url, { ca: hq.ca, cert: hq.cert, key: hq.key, protocolVersion: 5 });
    cleanup.push(() => rec.close());
    await t.telemetry.start();
    cleanup.push(() => t.telemetry.stop());
    await rec.waitFor('birth');
    await waitFor(() => t.telemetry.status().connected);
    // The command subscription is made on connect; a rebirth round trip proves it is in place.
    const send = (name: string, body: unknown) =>
      new Promise<void>((resolve, reject) =>
        rec.client.publish(
          `cardgate/dev-site/station-1/cmd/${name}`,
          typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
          { qos: 1 },
          (e) => (e ? reject(e) : resolve()),
        ),
      );
    await waitFor(
      async () => {
        await send('rebirth', { v: 1, requestId: 'warmup' });
        return rec.waitFor('reply/rebirth', (p) => p.requestId === 'warmup', 500);
      },
      { what: 'command subscription', timeoutMs: 10_000 },
    );
    return { ...t, rec, send };
  }

  it('runs allow-listed commands through the injected handlers and replies with the request id', async () => {
    const { rec, send, locks, blocks } = await station();
    await send('lock-station', { v: 1, requestId: 'r-lock', reason: 'audit visit' });
    const lock = await rec.waitFor('reply/lock-station', (p) => p.requestId === 'r-lock');
    expect(lock.payload).toMatchObject({ ok: true, command: 'lock-station', result: { locked: true } });
    expect(locks).toEqual(['audit visit']);
    await send('unlock-station', { v: 1, requestId: 'r-unlock' });
    await rec.waitFor('reply/unlock-station', (p) => p.requestId === 'r-unlock' && p.ok === true);

    await send('set-telemetry-interval', { v: 1, requestId: 'r-int', healthIntervalSeconds: 30 });
    await rec.waitFor('reply/set-telemetry-interval', (p) => p.requestId === 'r-int' && p.ok === true);

    await send('request-diagnostics', { v: 1, requestId: 'r-diag' });
    const diag = await rec.waitFor('diagnostics', (p) => p.requestId === 'r-diag');
    expect(Value.Check(DiagnosticsPayload, diag.payload)).toBe(true);
    await rec.waitFor('reply/request-diagnostics', (p) => p.requestId === 'r-diag' && p.ok === true);

    await send('assign-number-block', {
      v: 1,
      requestId: 'r-blk',
      block: { blockId: 'B7', prefix: 'RO', first: 1000, last: 1999 },
    });
    await rec.waitFor('reply/assign-number-block', (p) => p.requestId === 'r-blk' && p.ok === true);
    expect(blocks).toEqual([{ blockId: 'B7', prefix: 'RO', first: 1000, last: 1999 }]);
    for (const r of rec.messages.filter((m) => m.topic.includes('/reply/')))
      expect(Value.Check(ReplyPayload, r.payload)).toBe(true);
  });

  it('replies to assign-number-block only after the block is stored, and relays a refused overlap', async () => {
    let release: () => void = () => {};
    let called = false;
    let stored = false;
    const { rec, send } = await station({
      commands: {
        lock() {},
        unlock() {},
        diagnostics: () => ({}),
        assignNumberBlock: async (block) => {
          if (block.first < 2000)
            throw new CardgateError('NUMBER_BLOCK_OVERLAP', 'block overlaps numbers already used', {
              status: 409,
            });
          called = true;
          await new Promise<void>((r) => (release = r));
          stored = true;
        },
      },
    });
    await send('assign-number-block', {
      v: 1,
      requestId: 'r-slow',
      block: { blockId: 'B8', prefix: '', first: 2000, last: 2999 },
    });
    await waitFor(() => called, { what: 'handler called' });
    await new Promise((r) => setTimeout(r, 300)); // give a premature reply every chance to show up
    expect(rec.of('reply/assign-number-block').filter((m) => m.payload.requestId === 'r-slow')).toEqual([]);
    release();
    const reply = await rec.waitFor('reply/assign-number-block', (p) => p.requestId === 'r-slow');
    expect(stored).toBe(true);
    expect(reply.payload.ok).toBe(true);

    await send('assign-number-block', {
      v: 1,
      requestId: 'r-overlap',
      block: { blockId: 'B1', prefix: '', first: 1500, last: 2500 },
    });
    const refused = await rec.waitFor('reply/assign-number-block', (p) => p.requestId === 'r-overlap');
    expect(refused.payload).toMatchObject({ ok: false, error: { code: 'NUMBER_BLOCK_OVERLAP' } });
  });

  it('answers fuzzed, unknown and malformed commands with error replies and keeps running', async () => {
    const { rec, send, telemetry } = await station();
    const names = fc.oneof(
      fc.constantFrom(...COMMAND_NAMES),
      fc
        .string({ minLength: 1, maxLength: 20 })
        .filter((s) => !s.includes('\u0000') && !/[/+#]/.test(s) && !/[\uD800-\uDFFF]/.test(s)),
    );
    const bodies = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      fc
        .record(
          {
            v: fc.anything(),
            requestId: fc.anything(),
            healthIntervalSeconds: fc.anything(),
            reason: fc.anything(),
            block: fc.anything(),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o) ?? '{}'),
      fc.constant('{"v":1,"requestId":"x","healthIntervalSeconds":"often"}'),
      fc.constant('{"v":1,"requestId":"y","block":{"blockId":"B","first":-5,"last":"z"}}'),
    );
    const samples = fc.sample(fc.tuple(names, bodies), { numRuns: 120, seed: 7 });
    for (const [name, body] of samples) await send(name, body);
    // Every command gets exactly one reply, on reply/<name> (reply/invalid for unusable names).
    await waitFor(
      () => rec.messages.filter((m) => m.topic.includes('/reply/')).length >= samples.length + 1,
      {
        timeoutMs: 20_000,
        what: `${samples.length} replies`,
      },
    );
    const replies = rec.messages.filter(
      (m) => m.topic.includes('/reply/') && m.payload.requestId !== 'warmup',
    );
    expect(replies).toHaveLength(samples.length);
    for (const r of replies) expect(Value.Check(ReplyPayload, r.payload)).toBe(true);
    const rejected = replies.filter((r) => r.payload.ok === false);
    expect(rejected.length).toBeGreaterThan(100);
    const codes = new Set(rejected.map((r) => (r.payload.error as { code: string }).code));
    expect([...codes]).toEqual(
      expect.arrayContaining(['COMMAND_UNKNOWN', 'COMMAND_MALFORMED', 'COMMAND_INVALID']),
    );
    await waitFor(
      () =>
        rec.of('events').filter((e) => e.payload.code === 'TELEMETRY_COMMAND_REJECTED').length ===
        rejected.length,
      {
        what: 'one event per rejected command',
      },
    );
    // Still alive and still obeying.
    expect(telemetry.status().connected).toBe(true);
    await send('rebirth', { v: 1, requestId: 'after-fuzz' });
    await rec.waitFor('reply/rebirth', (p) => p.requestId === 'after-fuzz' && p.ok === true);
  });
});
