import type { EventBus } from '../core/events.js';
import type { DeviceRegistry } from '../core/registry.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { Config } from '../config/schema.js';
import { boardEmulated, realDeviceAddress } from '../config/emulators.js';
import type { StationContext } from '../station.js';
import type { IssuanceService } from '../issuance/service.js';
import type { BoardReadings, StationBoard, TowerLight } from '../../firmware-bridge/interface.js';
import type { BoardEmulator } from '../../firmware-bridge/emulator/board-emulator.js';
import { createStationLight, type StationLight, type StationState } from './station-light.js';

export interface BoardLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface AttachBoardDeps {
  registry: DeviceRegistry;
  bus: EventBus;
  config: Config['board'];
  logger: BoardLogger;
  clock?: Clock;
  /**
   * Who locks issuing when the door opens (config.lockOnDoorOpen). The issuance service owns the
   * lock and announces it on the bus; without it, the board announces `station:lock` itself.
   */
  lock?: (locked: boolean, reason: string) => void;
  /** Describes the device in the registry. */
  transport?: string;
  emulated?: boolean;
  /** Degrees / percent below a threshold before its warning clears (no flapping at the edge). */
  hysteresis?: { temperatureC: number; humidityPercent: number };
}

export interface BoardAttachment {
  light: StationLight;
  /** Cycles the tower (green, amber, red, blink) and beeps once; restores the station's light. */
  lightTest(stepMs?: number): Promise<void>;
  status(): { connected: boolean; light: TowerLight; state: StationState; readings: BoardReadings };
  detach(): void;
}

type Flag = 'TEMPERATURE_HIGH' | 'HUMIDITY_HIGH' | 'DOOR_OPEN' | 'HOPPER_LOW' | 'BOARD_OFFLINE';

const MESSAGES: Record<Flag, string> = {
  TEMPERATURE_HIGH: 'Room temperature above the printers’ operating range',
  HUMIDITY_HIGH: 'Room humidity above the printers’ operating range',
  DOOR_OPEN: 'Office door or cabinet is open',
  HOPPER_LOW: 'Card hopper is running low',
  BOARD_OFFLINE: 'Station board is not connected (tower light and sensors unavailable)',
};

/**
 * Wires the station board into the gateway: the tower light follows the station's state, faults
 * that need a person sound the buzzer (at most once per buzzerMinIntervalSeconds), and the door,
 * climate and hopper become station events, device info and (optionally) an issuing lock.
 */
export function attachBoard(board: StationBoard, deps: AttachBoardDeps): BoardAttachment {
  const { registry, bus, config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const hyst = deps.hysteresis ?? { temperatureC: 1, humidityPercent: 3 };
  const light = createStationLight({ bus, registry, clock, statefulSources: [board.id] });
  const active = new Set<Flag>();
  let lastBeepAt = -Infinity;
  let testing = false;
  let lastInfoAt = 0;
  let lastInfo: BoardReadings | null = null;

  registry.register({
    id: board.id,
    class: 'board',
    driver: 'firmata',
    transport: deps.transport ?? 'serial',
    emulated: deps.emulated ?? false,
    info: { light: light.light(), station: light.state() },
  });

  const raise = (flag: Flag, on: boolean, detail?: string): void => {
    if (on === active.has(flag)) return;
    if (on) active.add(flag);
    else active.delete(flag);
    const message = on ? `${MESSAGES[flag]}${detail ? ` (${detail})` : ''}` : `${MESSAGES[flag]}: cleared`;
    if (on) logger.warn({ board: board.id, code: flag, detail }, MESSAGES[flag]);
    else logger.info({ board: board.id, code: `${flag}_CLEARED` }, message);
    bus.emit('station:event', {
      level: on ? 'warning' : 'info',
      code: on ? flag : `${flag}_CLEARED`,
      message,
      source: board.id,
    });
  };

  const beep = (pattern: 'fault' | 'attention'): void => {
    const now = clock.now();
    // A beep the unplugged board cannot play must not use up the rate limit.
    if (!board.connected() || now - lastBeepAt < config.buzzerMinIntervalSeconds * 1000) return;
    lastBeepAt = now;
    board.beep(pattern);
  };

  const showLight = (): void => {
    if (!testing) board.setLight(light.light());
  };

  light.on('change', ({ state, light: l }) => {
    showLight();
    registry.update(board.id, { info: { light: l, station: state } });
    if (state === 'needs-operator') beep('attention');
    else if (state === 'fault') beep('fault');
  });

  const onConnection = ({ connected, reason }: { connected: boolean; reason?: string }): void => {
    registry.update(board.id, {
      state: connected ? 'online' : 'offline',
      lastErrorCode: connected ? null : 'BOARD_OFFLINE',
      lastErrorText: connected ? null : (reason ?? null),
      seen: connected,
    });
    raise('BOARD_OFFLINE', !connected, reason);
    if (connected) showLight();
  };

  const onDoor = ({ open }: { open: boolean }): void => {
    raise('DOOR_OPEN', open);
    if (!config.lockOnDoorOpen) return;
    const reason = open ? 'office door open' : 'office door closed';
    if (deps.lock) deps.lock(open, reason);
    else bus.emit('station:lock', { locked: open, by: 'door', reason });
  };

  const onHopper = ({ low }: { low: boolean }): void => raise('HOPPER_LOW', low);

  const onReadings = (r: BoardReadings): void => {
    if (r.temperatureC !== null) {
      if (r.temperatureC >= config.temperatureWarnC) raise('TEMPERATURE_HIGH', true, `${r.temperatureC} °C`);
      else if (r.temperatureC < config.temperatureWarnC - hyst.temperatureC) raise('TEMPERATURE_HIGH', false);
    }
    if (r.humidityPercent !== null) {
      if (r.humidityPercent >= config.humidityWarnPercent)
        raise('HUMIDITY_HIGH', true, `${r.humidityPercent} %`);
      else if (r.humidityPercent < config.humidityWarnPercent - hyst.humidityPercent)
        raise('HUMIDITY_HIGH', false);
    }
    // The registry fans out to telemetry and the UI: update on a real change or every 30 s.
    const now = clock.now();
    const changed =
      !lastInfo ||
      lastInfo.doorOpen !== r.doorOpen ||
      lastInfo.hopperLow !== r.hopperLow ||
      Math.abs((lastInfo.temperatureC ?? -99) - (r.temperatureC ?? -99)) >= 0.5 ||
      Math.abs((lastInfo.humidityPercent ?? -99) - (r.humidityPercent ?? -99)) >= 2;
    if (changed || now - lastInfoAt > 30_000) {
      lastInfo = r;
      lastInfoAt = now;
      registry.update(board.id, { info: { readings: r }, seen: board.connected() });
    }
  };

  board.on('connection', onConnection);
  board.on('door', onDoor);
  board.on('hopperLow', onHopper);
  board.on('readings', onReadings);

  if (board.connected()) onConnection({ connected: true });
  showLight();

  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  return {
    light,
    async lightTest(stepMs = 700) {
      if (testing) return;
      testing = true;
      try {
        for (const l of ['green', 'amber', 'red', 'red-blink'] as const) {
          board.setLight(l);
          await sleep(stepMs);
        }
        board.beep('ok');
      } finally {
        testing = false;
        showLight();
      }
    },
    status: () => ({
      connected: board.connected(),
      light: light.light(),
      state: light.state(),
      readings: board.readings(),
    }),
    detach() {
      board.off('connection', onConnection);
      board.off('door', onDoor);
      board.off('hopperLow', onHopper);
      board.off('readings', onReadings);
      light.dispose();
    },
  };
}

export interface ConfiguredBoard {
  board: StationBoard;
  /** Pass to attachBoard. */
  transport: string;
  emulated: boolean;
  /** For 'emulator': the embedded emulator (its recorded writes show what the board was told). */
  emulator?: BoardEmulator;
  /** Stops the board and, for 'emulator', the embedded emulator and its line. */
  close(): Promise<void>;
}

/**
 * The board the config asks for: null when disabled; for port 'emulator', the Firmata emulator
 * in-process on a socat pty pair, or on an in-process line when socat is missing
 * (firmware-bridge/emulator/board-link.ts chooses).
 */
export async function openConfiguredBoard(
  config: Config['board'],
  deps: {
    logger: BoardLogger & { debug(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  },
): Promise<ConfiguredBoard | null> {
  if (!config.enabled) return null;
  const { createStationBoard } = await import('../../firmware-bridge/station-board.js');
  if (!boardEmulated(config)) {
    const board = createStationBoard({
      port: realDeviceAddress('/board/port', config.port),
      logger: deps.logger,
    });
    return { board, transport: 'serial', emulated: false, close: () => board.stop() };
  }
  const { startEmulatedBoardLink } = await import('../../firmware-bridge/emulator/board-link.js');
  const link = await startEmulatedBoardLink();
  if (link.line === 'memory')
    deps.logger.info({}, 'socat not installed: the emulated station board runs on an in-process line');
  link.emulator.on('lost', (err) =>
    deps.logger.warn({ err: err.message }, 'emulated station board stopped: its serial line failed'),
  );
  const board = createStationBoard({
    port: link.port,
    logger: deps.logger,
    ...(link.serialPortFactory ? { serialPortFactory: link.serialPortFactory } : {}),
  });
  return {
    board,
    transport: link.line,
    emulated: true,
    emulator: link.emulator,
    async close() {
      await board.stop();
      await link.close();
    },
  };
}

/**
 * The station board, started (tower light, buzzer, door, climate); the station issues without it.
 * With `lockOnDoorOpen`, an open door locks the issuance given here; a station without issuance
 * says so once at start instead of ignoring door events silently.
 */
export async function startBoard(
  ctx: StationContext,
  deps: { issuance: IssuanceService | null },
): Promise<BoardAttachment | null> {
  const logger = ctx.logger.child({ device: 'board' });
  const configured = await openConfiguredBoard(ctx.config.board, { logger });
  let board: BoardAttachment | null = null;
  if (configured) {
    const { issuance } = deps;
    if (ctx.config.board.lockOnDoorOpen && !issuance)
      logger.warn({}, 'lockOnDoorOpen has nothing to lock: this station runs without issuance');
    const attachment = attachBoard(configured.board, {
      registry: ctx.registry,
      bus: ctx.bus,
      config: ctx.config.board,
      logger,
      transport: configured.transport,
      emulated: configured.emulated,
      ...(issuance
        ? {
            lock: (locked: boolean, reason: string) => {
              const done = locked ? issuance.lock('door', reason, 'board') : issuance.unlock('door', 'board');
              done.catch((err: Error) => logger.error({ err }, 'door lock failed'));
            },
          }
        : {}),
    });
    board = attachment;
    ctx.life.started({
      name: 'board',
      async stop() {
        attachment.detach();
        await configured.close();
      },
      ready: () => true,
    });
    // The handshake runs in the background: the station serves and issues without its board.
    void configured.board
      .start()
      .catch((err: Error) => logger.warn({ err: err.message }, 'board not connected'));
  } else {
    ctx.life.skipped('board', 'board.enabled is false');
  }
  const { boardRoutes } = await import('../api/routes/board.js');
  await ctx.api.register(boardRoutes, { prefix: ctx.apiPrefix, board });
  return board;
}
