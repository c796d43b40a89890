import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { EmulatorEncoder } from '../../drivers/encoder/emulator/emulator-encoder.js';
import { createEphemeralChipSigner } from '../../drivers/encoder/ephemeral-signer.js';
import { APP_FID } from '../../drivers/encoder/profiles/iso7816-fs/layout.js';
import { encoderRoutes } from '../../gateway/api/routes/encoder.js';
import { systemClock } from '../../gateway/core/clock.js';
import { EventBus, type GatewayEvents } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { attachEncoder } from '../../gateway/devices/encoder.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { chipInput } from './chip-input.js';

const signer = await createEphemeralChipSigner();
const quiet = { info: () => {}, warn: () => {} };
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('encoder routes', () => {
  async function setup(): Promise<EmulatorEncoder> {
    const enc = new EmulatorEncoder({ id: 'enc-1', exchangeTimeoutMs: 1000 });
    await enc.start();
    app = await buildPluginTestApp(encoderRoutes, { encoders: new Map([['enc-1', enc]]) });
    return enc;
  }

  it('answers the state to technicians only, marked emulated', async () => {
    await setup();
    const ok = await app!.inject({ url: '/api/v1/encoders/enc-1', headers: { 'x-test-role': 'technician' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: 'enc-1', driver: 'emulator', emulated: true, cardPresent: true });
    const op = await app!.inject({ url: '/api/v1/encoders/enc-1', headers: { 'x-test-role': 'operator' } });
    expect(op.statusCode).toBe(403);
    const none = await app!.inject({
      url: '/api/v1/encoders/nope',
      headers: { 'x-test-role': 'technician' },
    });
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('ENCODER_NOT_FOUND');
  });

  it('reads a card: file sizes and verify result, no personal data', async () => {
    const enc = await setup();
    const input = chipInput(signer);
    await enc.personalize(input);
    const res = await app!.inject({
      method: 'POST',
      url: '/api/v1/encoders/enc-1/read',
      headers: { 'x-test-role': 'technician' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.verify).toEqual({ ok: true, failures: [] });
    expect(Object.keys(body.files).sort()).toEqual(['cert', 'data', 'dg1', 'dg2', 'sod']);
    expect(body.files.dg2).toBeGreaterThan(12_000);
    expect(res.body).not.toContain('DOE');
    expect(res.body).not.toContain('39001010000');

    const dg2 = enc.control.card()!.ef([APP_FID, 0x0102])!;
    dg2.data[100] = dg2.data[100]! ^ 1;
    const tampered = await app!.inject({
      method: 'POST',
      url: '/api/v1/encoders/enc-1/read',
      headers: { 'x-test-role': 'technician' },
    });
    expect(tampered.json().verify).toEqual({ ok: false, failures: ['dg2'] });
  });

  it('answers 409 NO_CARD when the reader is empty', async () => {
    const enc = await setup();
    enc.control.removeCard();
    const res = await app!.inject({
      method: 'POST',
      url: '/api/v1/encoders/enc-1/read',
      headers: { 'x-test-role': 'technician' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ENCODER_NO_CARD');
  });
});

describe('attachEncoder', () => {
  it('registers the encoder and follows its state, telling the bus when it goes offline', async () => {
    const bus = new EventBus();
    const registry = new DeviceRegistry(bus, systemClock);
    const events: GatewayEvents['station:event'][] = [];
    bus.on('station:event', (e) => events.push(e));
    const enc = new EmulatorEncoder({ id: 'enc-1', exchangeTimeoutMs: 1000, cardPresent: false });
    await enc.start();
    const att = attachEncoder(enc, { registry, bus, logger: quiet });
    expect(registry.get('enc-1')).toMatchObject({
      class: 'encoder',
      driver: 'emulator',
      emulated: true,
      state: 'online',
      info: { cardPresent: false },
    });
    enc.control.insertCard();
    expect(registry.get('enc-1')?.info.cardPresent).toBe(true);

    // A PC/SC encoder whose stack is gone: offline with the reason, and a warning on the bus.
    const fake = Object.assign(new EmulatorEncoder({ id: 'enc-2', exchangeTimeoutMs: 1000 }), {});
    let available = true;
    fake.state = () => ({
      available,
      readers: available ? ['r'] : [],
      cardPresent: false,
      ...(available ? {} : { reason: 'pcscd went away' }),
    });
    attachEncoder(fake, { registry, bus, logger: quiet });
    available = false;
    fake.emit('state', fake.state());
    expect(registry.get('enc-2')).toMatchObject({
      state: 'offline',
      lastErrorCode: 'PCSC_UNAVAILABLE',
      lastErrorText: 'pcscd went away',
    });
    expect(events.at(-1)).toMatchObject({ level: 'warning', source: 'enc-2', code: 'PCSC_UNAVAILABLE' });
    available = true;
    fake.emit('state', fake.state());
    expect(registry.get('enc-2')?.state).toBe('online');
    expect(events.at(-1)).toMatchObject({ level: 'info', code: 'ENCODER_ONLINE' });
    att.detach();
  });
});
