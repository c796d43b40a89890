import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { generateCommandKey } from '../../gateway/telemetry/command-token.js';
import { embeddedBroker, hqKey, recorder, signed, telemetryDeps, tempDir } from './fixtures.js';

const CMD = 'cardgate/dev-site/station-1/cmd';
type Recorder = Awaited<ReturnType<typeof recorder>>;

describe('commands signed by headquarters', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** A station on the embedded broker, HQ's recorder (HQ account) and what the station logged. */
  async function station(over: Parameters<typeof telemetryDeps>[0] = {}) {
    const { broker, station: account, hq } = await embeddedBroker();
    cleanup.push(() => broker.close());
    const rec = await recorder(broker.url, { protocolVersion: 4, ...hq });
    cleanup.push(() => rec.close());
    const logged: { obj: object; msg: string | undefined }[] = [];
    const t = telemetryDeps({
      ...over,
      mqtt: { url: broker.url, ...account, ...over.mqtt },
      logger: {
        info() {},
        debug() {},
        error: (obj, msg) => void logged.push({ obj, msg }),
        warn: (obj, msg) => void logged.push({ obj, msg }),
      },
    });
    const busEvents: { code: string; message: string }[] = [];
    t.bus.on('station:event', (e) => void busEvents.push(e));
    await t.telemetry.start();
    cleanup.push(() => t.telemetry.stop());
    await rec.waitFor('birth');
    const send = (name: string, payload: string) =>
      new Promise<void>((resolve, reject) =>
        rec.client.publish(`${CMD}/${name}`, payload, { qos: 1 }, (e) => (e ? reject(e) : resolve())),
      );
    return { ...t, broker, rec, send, logged, busEvents, hq, account };
  }

  const reply = (rec: Recorder, name: string, requestId: string) =>
    rec.waitFor(`reply/${name}`, (p) => p.requestId === requestId);

  it('runs a command signed for this station and refuses unsigned, expired, replayed, misdirected or forged ones', async () => {
    const { rec, send, locks, logged, busEvents } = await station();
    const good = await signed('lock-station', { requestId: 'ok-1', reason: 'audit visit' });
    await send('lock-station', good);
    expect((await reply(rec, 'lock-station', 'ok-1')).payload).toMatchObject({ ok: true });

    const otherKey = await generateCommandKey('test-hq'); // same kid, different key: a forgery
    const attempts: [string, string, string][] = [
      ['unsigned', 'lock-station', JSON.stringify({ v: 1, requestId: 'r-unsigned', reason: 'Shevchenko' })],
      ['replayed', 'lock-station', good],
      [
        'expired',
        'lock-station',
        await signed(
          'lock-station',
          { requestId: 'r-expired', reason: 'x' },
          { now: Date.now() - 600_000, ttlSeconds: 60 },
        ),
      ],
      [
        'wrong-station',
        'lock-station',
        await signed('lock-station', { requestId: 'r-station', reason: 'x' }, { station: 'station-2' }),
      ],
      [
        'bad-signature',
        'lock-station',
        await signed('lock-station', { requestId: 'r-forged', reason: 'x' }, { key: otherKey.privateJwk }),
      ],
      // Signed for unlock, sent on the lock topic.
      ['wrong-command', 'lock-station', await signed('unlock-station', { requestId: 'r-topic' })],
    ];
    for (const [, name, payload] of attempts) await send(name, payload);
    const ids = ['r-unsigned', 'ok-1', 'r-expired', 'r-station', 'r-forged', 'r-topic'];
    for (const [i, [reason]] of attempts.entries()) {
      const r = await rec.waitFor('reply/lock-station', (p) => p.requestId === ids[i] && p.ok === false);
      expect(r.payload.error).toEqual({ code: 'COMMAND_UNAUTHENTICATED', message: `refused: ${reason}` });
    }
    expect(locks).toEqual(['audit visit']);
    // An event on the bus, in telemetry (as a code only) and a log line for each refusal.
    expect(busEvents.filter((e) => e.code === 'COMMAND_UNAUTHENTICATED')).toHaveLength(attempts.length);
    await rec.waitFor(
      'events',
      () =>
        rec.of('events').filter((e) => e.payload.code === 'COMMAND_UNAUTHENTICATED').length ===
        attempts.length,
    );
    const published = rec.of('events').filter((e) => e.payload.code === 'COMMAND_UNAUTHENTICATED');
    expect(published.every((e) => !JSON.stringify(e.payload).toLowerCase().includes('shevchenko'))).toBe(
      true,
    );
    expect(
      logged
        .filter((l) => l.msg === 'telemetry command refused: not authenticated')
        .map((l) => (l.obj as { reason: string }).reason),
    ).toEqual(attempts.map(([reason]) => reason));
  });

  it('remembers the ids it ran across a restart, so a captured command cannot be replayed later', async () => {
    const dataDir = tempDir();
    const first = await station({ dataDir });
    const lock = await signed('lock-station', { requestId: 'once', reason: 'night' });
    await first.send('lock-station', lock);
    await reply(first.rec, 'lock-station', 'once');
    await first.telemetry.stop();

    const again = telemetryDeps({
      dataDir,
      mqtt: { url: first.broker.url, ...first.account },
    });
    await again.telemetry.start();
    cleanup.push(() => again.telemetry.stop());
    await first.rec.waitFor('birth', (p) => p.bootId === again.telemetry.status().bootId);
    await first.send('lock-station', lock);
    const r = await first.rec.waitFor(
      'reply/lock-station',
      (p) => p.requestId === 'once' && p.bootId === again.telemetry.status().bootId,
    );
    expect(r.payload.error).toMatchObject({ code: 'COMMAND_UNAUTHENTICATED', message: 'refused: replayed' });
    expect(first.locks).toEqual(['night']);
    expect(again.locks).toEqual([]);
  });

  it('refuses every command while no HQ key is enrolled', async () => {
    const { rec, send, locks } = await station({ mqtt: { commandKeys: undefined } });
    await send('lock-station', await signed('lock-station', { requestId: 'nokey', reason: 'x' }));
    const r = await reply(rec, 'lock-station', 'nokey');
    expect(r.payload.error).toMatchObject({ message: 'refused: no-trusted-keys' });
    expect(locks).toEqual([]);
  });

  it('takes the key enrolled in the data directory, and refuses a key set holding a private key', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'hq'));
    writeFileSync(join(dataDir, 'hq', 'command-keys.json'), JSON.stringify(hqKey.publicJwks));
    const { rec, send, locks } = await station({ dataDir, mqtt: { commandKeys: undefined } });
    await send('lock-station', await signed('lock-station', { requestId: 'enrolled', reason: 'ok' }));
    expect((await reply(rec, 'lock-station', 'enrolled')).payload.ok).toBe(true);
    writeFileSync(join(dataDir, 'hq', 'command-keys.json'), JSON.stringify({ keys: [hqKey.privateJwk] }));
    await send('unlock-station', await signed('unlock-station', { requestId: 'private' }));
    expect((await reply(rec, 'unlock-station', 'private')).payload.error).toMatchObject({
      message: 'refused: no-trusted-keys',
    });
    expect(locks).toEqual(['ok']);
  });
});

describe('the embedded broker requires credentials', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** Connect and report how the broker answered: `connected`, or the CONNACK refusal code. */
  const attempt = (url: string, opts: mqtt.IClientOptions = {}) =>
    new Promise<{ outcome: string; client: mqtt.MqttClient }>((resolve) => {
      const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, ...opts });
      client.once('connect', () => resolve({ outcome: 'connected', client }));
      client.once('error', (e) => resolve({ outcome: `refused ${(e as { code?: number }).code}`, client }));
    });

  it('an anonymous client cannot lock the station or assign numbers; only signed HQ commands run', async () => {
    const { broker, station: account, hq } = await embeddedBroker();
    cleanup.push(() => broker.close());
    const { telemetry, locks, blocks } = telemetryDeps({ mqtt: { url: broker.url, ...account } });
    const rec = await recorder(broker.url, { protocolVersion: 4, ...hq });
    cleanup.push(() => rec.close());
    await telemetry.start();
    cleanup.push(() => telemetry.stop());
    await rec.waitFor('birth');

    // Anonymous: CONNACK 5 "not authorised"; a wrong password: CONNACK 4 "bad user name or password".
    const anon = await attempt(broker.url);
    anon.client.end(true);
    expect(anon.outcome).toBe('refused 5');
    const guess = await attempt(broker.url, { username: 'hq', password: 'guess-guess-guess' });
    guess.client.end(true);
    expect(guess.outcome).toBe('refused 4');

    // The station's own account may not command itself: the broker drops the connection.
    const self = await attempt(broker.url, account);
    expect(self.outcome).toBe('connected');
    const dropped = new Promise<void>((r) => self.client.once('close', () => r()));
    self.client.publish(
      `${CMD}/assign-number-block`,
      await signed('assign-number-block', {
        requestId: 'via-station',
        block: { blockId: 'X', prefix: 'EV', first: 1, last: 999_999 },
      }),
      { qos: 1 },
    );
    await dropped;
    self.client.end(true);
    // …nor read another station's commands.
    const peek = await attempt(broker.url, account);
    cleanup.push(() => new Promise<void>((r) => peek.client.end(true, {}, () => r())));
    // SUBACK 0x80: refused (mqtt.js reports it as an error carrying the SUBACK).
    const granted = await new Promise<number[] | undefined>((resolve) =>
      peek.client.subscribe('cardgate/dev-site/station-2/cmd/+', { qos: 1 }, (e) =>
        resolve((e as { packet?: { granted?: number[] } } | null)?.packet?.granted),
      ),
    );
    expect(granted).toEqual([128]);

    // HQ's account with an unsigned command: refused by the station.
    await new Promise<void>((r) =>
      rec.client.publish(
        `${CMD}/lock-station`,
        JSON.stringify({ v: 1, requestId: 'plain', reason: 'x' }),
        { qos: 1 },
        () => r(),
      ),
    );
    const plain = await rec.waitFor('reply/lock-station', (p) => p.requestId === 'plain');
    expect(plain.payload.error).toMatchObject({ code: 'COMMAND_UNAUTHENTICATED' });
    // HQ's account with a signed command: runs. Commands run in order, so nothing above ran.
    await new Promise<void>((r) =>
      rec.client.publish(`${CMD}/lock-station`, signedLock, { qos: 1 }, () => r()),
    );
    await rec.waitFor('reply/lock-station', (p) => p.requestId === 'signed' && p.ok === true);
    expect(locks).toEqual(['maintenance']);
    expect(blocks).toEqual([]);
  });
});

const signedLock = await signed('lock-station', { requestId: 'signed', reason: 'maintenance' });
