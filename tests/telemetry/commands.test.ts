import { expect, it } from 'vitest';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describeWithSystem } from '../helpers/system.js';
import { waitFor } from '../helpers/processes.js';
import { CardgateError } from '../../gateway/core/errors.js';
import { COMMAND_NAMES, DiagnosticsPayload, ReplyPayload } from '../../gateway/telemetry/contract/index.js';
import { recorder, signed, telemetryDeps, tlsBrokerSuite } from './fixtures.js';

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
    // Raw bytes on a command topic, as anyone allowed to publish there could send them.
    const sendRaw = (name: string, body: string | Buffer) =>
      new Promise<void>((resolve, reject) =>
        rec.client.publish(`cardgate/dev-site/station-1/cmd/${name}`, body, { qos: 1 }, (e) =>
          e ? reject(e) : resolve(),
        ),
      );
    // A command as headquarters sends it: signed with its command key for this station.
    const send = async (name: string, body: Record<string, unknown>) =>
      sendRaw(name, await signed(name, body));
    // The command subscription is made on connect; a rebirth round trip proves it is in place.
    let warmups = 0;
    await waitFor(
      async () => {
        await send('rebirth', { v: 1, requestId: `warmup-${++warmups}` });
        return rec.waitFor('reply/rebirth', (p) => String(p.requestId).startsWith('warmup-'), 500);
      },
      { what: 'command subscription', timeoutMs: 10_000 },
    );
    // Every warm-up reply that will ever come is in once the last warm-up's reply is.
    await rec.waitFor('reply/rebirth', (p) => p.requestId === `warmup-${warmups}`);
    return { ...t, rec, send, sendRaw };
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
    const { rec, send, bus } = await station({
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
    // The outbox sends in order: a reply made before the handler finished would be ahead of this
    // marker, so when the marker has arrived, any premature reply has too.
    bus.emit('station:event', { level: 'info', code: 'MARKER', message: '', source: 'test' });
    await rec.waitFor('events', (p) => p.code === 'MARKER');
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

  it('answers fuzzed, unknown and off-contract commands with error replies and keeps running', async () => {
    const { rec, send, sendRaw, telemetry, locks } = await station();
    const names = fc.oneof(
      fc.constantFrom(...COMMAND_NAMES),
      fc
        .string({ minLength: 1, maxLength: 20 })
        .filter((s) => !s.includes('\u0000') && !/[/+#]/.test(s) && !/[\uD800-\uDFFF]/.test(s)),
    );
    // Signed by headquarters but off the contract: wrong names, types, extra fields.
    const signedBodies = fc.oneof(
      fc.record(
        {
          v: fc.anything(),
          requestId: fc.anything(),
          healthIntervalSeconds: fc.anything(),
          reason: fc.anything(),
          block: fc.anything(),
        },
        { requiredKeys: [] },
      ),
      fc.constant({ v: 1, requestId: 'x', healthIntervalSeconds: 'often' }),
      fc.constant({ v: 1, requestId: 'y', block: { blockId: 'B', first: -5, last: 'z' } }),
    );
    // Not signed at all: JSON (even a well-formed lock) or noise.
    const unsignedBodies = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      fc.constant(JSON.stringify({ v: 1, requestId: 'u', reason: 'unsigned lock' })),
    );
    const signedSamples = fc.sample(fc.tuple(names, signedBodies), { numRuns: 80, seed: 7 });
    const unsignedSamples = fc.sample(fc.tuple(names, unsignedBodies), { numRuns: 40, seed: 8 });
    for (const [name, body] of signedSamples)
      await send(name, JSON.parse(JSON.stringify(body) ?? '{}') as Record<string, unknown>);
    for (const [name, body] of unsignedSamples) await sendRaw(name, body);
    // Commands run and are answered in order: once this one's reply is in, every earlier one is.
    await send('rebirth', { v: 1, requestId: 'after-fuzz' });
    await rec.waitFor('reply/rebirth', (p) => p.requestId === 'after-fuzz' && p.ok === true, 20_000);
    const replies = rec.messages.filter(
      (m) => m.topic.includes('/reply/') && !String(m.payload.requestId).startsWith('warmup-'),
    );
    // Exactly one reply per command (reply/invalid for unusable names), the sentinel last.
    expect(replies).toHaveLength(signedSamples.length + unsignedSamples.length + 1);
    expect(replies.at(-1)!.payload.requestId).toBe('after-fuzz');
    for (const r of replies) expect(Value.Check(ReplyPayload, r.payload)).toBe(true);
    const codeOf = (r: (typeof replies)[number]) => (r.payload.error as { code: string } | undefined)?.code;
    const unsignedReplies = replies.slice(signedSamples.length, -1);
    expect(unsignedReplies.map(codeOf)).toEqual(unsignedSamples.map(() => 'COMMAND_UNAUTHENTICATED'));
    const signedCodes = new Set(replies.slice(0, signedSamples.length).map(codeOf));
    expect([...signedCodes]).toEqual(expect.arrayContaining(['COMMAND_UNKNOWN', 'COMMAND_INVALID']));
    // The unsigned lock did nothing.
    expect(locks).not.toContain('unsigned lock');
    // Each refusal's event went into the outbox before the sentinel's reply: all are in.
    const refusedEvents = rec
      .of('events')
      .filter((e) =>
        ['TELEMETRY_COMMAND_REJECTED', 'COMMAND_UNAUTHENTICATED'].includes(String(e.payload.code)),
      );
    expect(refusedEvents).toHaveLength(replies.filter((r) => r.payload.ok === false).length);
    expect(telemetry.status().connected).toBe(true);
  });
});
