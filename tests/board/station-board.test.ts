import { afterAll, beforeAll, expect, it } from 'vitest';
import five from 'johnny-five';
import { describeWithSystem } from '../helpers/system.js';
import { startPtyPair, type PtyPair } from '../helpers/pty-pair.js';
import { startCli, waitFor, type RunningProcess } from '../helpers/processes.js';
import { EventBus, type GatewayEvents } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { systemClock } from '../../gateway/core/clock.js';
import { createStationBoard } from '../../firmware-bridge/station-board.js';
import { attachBoard, type BoardAttachment } from '../../gateway/devices/board.js';
import type { StationBoard } from '../../firmware-bridge/interface.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { boardRoutes } from '../../gateway/api/routes/board.js';

interface EmulatorState {
  light: string;
  buzzer: boolean;
  outputs: Record<string, number>;
}

const quietLogger = { info: () => {}, warn: () => {} };
const PIN_NAMES: Record<number, string> = { 5: 'green', 6: 'amber', 7: 'red', 8: 'buzzer' };

describeWithSystem(['socat'], 'station board over a real pty pair (johnny-five ↔ Firmata emulator)', () => {
  let pty: PtyPair;
  let emulator: RunningProcess;
  let control: string;
  let board: StationBoard;
  let attachment: BoardAttachment;
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus, systemClock);
  const events: GatewayEvents['station:event'][] = [];
  const locks: GatewayEvents['station:lock'][] = [];
  bus.on('station:event', (e) => events.push(e));
  bus.on('station:lock', (l) => locks.push(l));

  const startEmulator = async (): Promise<void> => {
    emulator = startCli(['board-emulator', '--serial', pty.b, '--control-port', '0']);
    const m = await emulator.waitForOutput(/control (http:\/\/127\.0\.0\.1:\d+)/, 20_000);
    control = m[1]!;
  };
  const emuState = async (): Promise<EmulatorState> =>
    (await (await fetch(`${control}/state`)).json()) as EmulatorState;
  const setInputs = async (inputs: Record<string, unknown>): Promise<void> => {
    const res = await fetch(`${control}/inputs`, { method: 'POST', body: JSON.stringify(inputs) });
    expect(res.status).toBe(200);
  };
  const writesSince = async (index: number): Promise<{ pin: number; value: number }[]> =>
    ((await (await fetch(`${control}/writes`)).json()) as { pin: number; value: number }[]).slice(index);
  const lightIs = (light: string) =>
    waitFor(async () => (await emuState()).light === light, {
      timeoutMs: 5000,
      what: `tower light ${light}`,
    });

  beforeAll(async () => {
    pty = await startPtyPair();
    await startEmulator();
    board = createStationBoard({
      port: pty.a,
      id: 'board',
      sampleIntervalMs: 150,
      reportIntervalMs: 50,
      silenceTimeoutMs: 800,
      reconnectIntervalMs: 200,
    });
    attachment = attachBoard(board, {
      registry,
      bus,
      logger: quietLogger,
      config: {
        enabled: true,
        port: pty.a,
        temperatureWarnC: 35,
        humidityWarnPercent: 80,
        lockOnDoorOpen: true,
        buzzerMinIntervalSeconds: 60,
      },
    });
    registry.register({ id: 'printer-1', class: 'printer', driver: 'evolis', transport: 'tcp' });
    registry.update('printer-1', { state: 'online' });
    await board.start();
  });

  afterAll(async () => {
    attachment?.detach();
    await board?.stop();
    await emulator?.stop();
    await pty?.close();
  });

  it('connects and shows green when the station is ready', async () => {
    expect(board.connected()).toBe(true);
    expect(registry.get('board')?.state).toBe('online');
    await lightIs('green');
  });

  it('follows the station through an issue, a printer fault and the recovery', async () => {
    const job = { jobId: 'j1', kind: 'new' as const, documentNumber: null, error: null };
    bus.emit('issuance:job', { ...job, status: 'queued' });
    await lightIs('amber');
    bus.emit('issuance:progress', {
      jobId: 'j1',
      step: 'printing',
      detail: { side: 'front', done: 1, total: 5 },
    });
    registry.update('printer-1', { state: 'fault', lastErrorCode: 'RIBBON_OUT' });
    await lightIs('red');
    // A fault needing the operator sounds the buzzer once: the emulator's recorded writes show it
    // (the buzzer's on-time is too short to be sure of catching it by looking at its state).
    await waitFor(async () => (await writesSince(0)).some((w) => w.pin === 8 && w.value === 1), {
      timeoutMs: 3000,
      what: 'buzzer sounded',
    });
    bus.emit('issuance:job', {
      ...job,
      status: 'needs-operator',
      error: { code: 'RIBBON_OUT', message: 'ribbon out', needsOperator: true },
    });
    await lightIs('red-blink');
    expect(attachment.status().state).toBe('needs-operator');
    // The operator fixes the printer and resumes the job.
    registry.update('printer-1', { state: 'online', lastErrorCode: null });
    bus.emit('issuance:job', { ...job, status: 'printing' });
    await lightIs('amber');
    bus.emit('issuance:job', { ...job, status: 'done', documentNumber: 'AB1234567' });
    await lightIs('green');
  });

  it('raises an event and locks issuing when the door opens, unlocks when it closes', async () => {
    await setInputs({ doorOpen: true });
    await waitFor(() => events.find((e) => e.code === 'DOOR_OPEN' && e.level === 'warning'), {
      what: 'DOOR_OPEN',
    });
    await waitFor(() => locks.find((l) => l.locked && l.by === 'door'), { what: 'door lock' });
    expect(board.readings().doorOpen).toBe(true);
    await setInputs({ doorOpen: false });
    await waitFor(() => events.find((e) => e.code === 'DOOR_OPEN_CLEARED'), { what: 'DOOR_OPEN_CLEARED' });
    await waitFor(() => locks.find((l) => !l.locked && l.by === 'door'), { what: 'door unlock' });
  });

  it('warns when the smoothed temperature passes the threshold and clears below it', async () => {
    await setInputs({ temperatureC: 45 });
    const warning = await waitFor(() => events.find((e) => e.code === 'TEMPERATURE_HIGH'), {
      what: 'TEMPERATURE_HIGH',
    });
    expect(warning.level).toBe('warning');
    expect(board.readings().temperatureC).toBeGreaterThanOrEqual(35);
    await lightIs('amber');
    expect((registry.get('board')?.info.readings as { temperatureC: number }).temperatureC).toBeGreaterThan(
      30,
    );
    await setInputs({ temperatureC: 24 });
    await waitFor(() => events.find((e) => e.code === 'TEMPERATURE_HIGH_CLEARED'), {
      what: 'TEMPERATURE_HIGH_CLEARED',
    });
    await lightIs('green');
  });

  it('runs the light test from the API and restores the station light', async () => {
    const app = await buildPluginTestApp(boardRoutes, { board: attachment });
    try {
      const before = (await writesSince(0)).length;
      const status = await app.inject({
        method: 'GET',
        url: '/api/v1/board',
        headers: { 'x-test-role': 'technician' },
      });
      expect(status.json()).toMatchObject({ connected: true, light: 'green', state: 'ready' });
      expect(status.json().readings.temperatureC).toBeLessThan(35);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/board/light-test',
        headers: { 'x-test-role': 'technician' },
      });
      expect(res.statusCode).toBe(202);
      // The test ends with the ok beep (buzzer on, then off): wait for that in the recorded
      // writes, then check the order of everything the board was told since the test began.
      const done = await waitFor(
        async () => {
          const w = await writesSince(before);
          return w.some((x) => x.pin === 8 && x.value === 0) ? w : null;
        },
        { timeoutMs: 8000, what: 'light test finished' },
      );
      const ons = done.filter((w) => w.value > 0).map((w) => PIN_NAMES[w.pin] ?? String(w.pin));
      expect(ons.filter((n, i) => n !== ons[i - 1])).toEqual(['amber', 'red', 'green', 'buzzer']);
      // Red lit once and went dark (the red-blink step's first toggle) before green came back.
      const greenAt = done.findIndex((w) => w.pin === 5 && w.value > 0);
      const red = done
        .slice(0, greenAt)
        .filter((w) => w.pin === 7)
        .map((w) => w.value > 0);
      expect(red).toEqual([true, false]);
      await lightIs('green');
    } finally {
      await app.close();
    }
  });

  it('reports offline when the board is unplugged and recovers on the same object when replugged', async () => {
    await emulator.stop('SIGKILL');
    await waitFor(() => registry.get('board')?.state === 'offline', {
      timeoutMs: 5000,
      what: 'board offline',
    });
    expect(board.connected()).toBe(false);
    expect(events.some((e) => e.code === 'BOARD_OFFLINE')).toBe(true);
    // The station changes state while the board is away; the light must be right once it is back.
    registry.update('printer-1', { state: 'fault' });
    await startEmulator();
    await waitFor(() => registry.get('board')?.state === 'online', {
      timeoutMs: 10_000,
      what: 'board online',
    });
    expect(board.connected()).toBe(true);
    await lightIs('red');
    registry.update('printer-1', { state: 'online' });
    await lightIs('green');
    expect(events.some((e) => e.code === 'BOARD_OFFLINE_CLEARED')).toBe(true);
    // The dead session's johnny-five Board is not kept alive by johnny-five's module-level cache.
    expect((five.Board as unknown as { cache: unknown[] }).cache).toHaveLength(1);
  });
});
