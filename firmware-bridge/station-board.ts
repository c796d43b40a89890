import { EventEmitter } from 'node:events';
import type { SerialPortStream } from '@serialport/stream';
import five from 'johnny-five';
import firmataIo, { type Firmata } from 'firmata-io';
import {
  BoardError,
  type BoardReadings,
  type StationBoard,
  type StationBoardEvents,
  type TowerLight,
} from './interface.js';
import { defaultWiring, humidityFromRaw, temperatureFromRaw, type BoardWiring } from './wiring.js';
import { Ema, round1 } from './smoothing.js';
import { BUZZER_PATTERNS, type BuzzerPattern } from './buzzer-patterns.js';
import { silentLogger, type BridgeLogger } from './logger.js';

/** Any serialport stream: the native `SerialPort`, or `SerialPortStream` over another binding. */
export type SerialPortFactory = (opts: {
  path: string;
  baudRate: number;
  autoOpen: false;
}) => SerialPortStream | Promise<SerialPortStream>;

export interface StationBoardOptions {
  /** Serial path of the board (e.g. /dev/ttyACM0, or one end of a socat pty pair). */
  port: string;
  id?: string;
  serialPortFactory?: SerialPortFactory;
  wiring?: BoardWiring;
  /** How often temperature and humidity are sampled (johnny-five Sensor `freq`). */
  sampleIntervalMs?: number;
  /** Firmata analog reporting interval; also the heartbeat the watchdog listens for. */
  reportIntervalMs?: number;
  /** EMA weight of a new climate sample. */
  smoothingAlpha?: number;
  /** Give up on one connection attempt after this long (handshake included). */
  readyTimeoutMs?: number;
  /** Wait between connection attempts while the board is away. */
  reconnectIntervalMs?: number;
  /** No byte from the board for this long means it is gone (unplugged, reset, hung). */
  silenceTimeoutMs?: number;
  blinkIntervalMs?: number;
  logger?: BridgeLogger;
}

interface Session {
  sp: SerialPortStream;
  io: Firmata;
  board: J5Board;
  leds: Record<'green' | 'amber' | 'red', five.Led>;
  buzzer: five.Led;
  sensors: J5Sensor[];
  watchdog: NodeJS.Timeout;
  lastDataAt: number;
  lastTickAt: number;
  probed: boolean;
}

const { Firmata: FirmataClass } = firmataIo;

// @types/johnny-five leaves out a few members johnny-five 2.1 has.
type J5Board = five.Board & EventEmitter;
type J5Sensor = five.Sensor & { disable(): void };
/** johnny-five keeps every Board in a module-level list (`Board.cache`); drop a dead session's. */
const forgetBoard = (board: J5Board): void => {
  const cache = (five.Board as unknown as { cache?: unknown[] }).cache;
  const i = cache?.indexOf(board) ?? -1;
  if (i >= 0) cache!.splice(i, 1);
};

/** serialport's native binding is loaded only for a real line (an in-process line does without it). */
const defaultFactory: SerialPortFactory = async (o) => new (await import('serialport')).SerialPort(o);

const emptyReadings = (): BoardReadings => ({
  doorOpen: null,
  hopperLow: null,
  temperatureC: null,
  humidityPercent: null,
});

/**
 * The station board over johnny-five + firmata-io + serialport 13. It keeps trying to reach the
 * board for as long as it runs: the station works without it, and when the board comes back
 * (replugged, reset, emulator restarted) the light, the inputs and the sampling are set up again
 * on the same object.
 */
export function createStationBoard(opts: StationBoardOptions): StationBoard {
  const id = opts.id ?? 'board';
  const wiring = opts.wiring ?? defaultWiring;
  const factory = opts.serialPortFactory ?? defaultFactory;
  const sampleMs = opts.sampleIntervalMs ?? 1000;
  const reportMs = opts.reportIntervalMs ?? 100;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 4000;
  const reconnectMs = opts.reconnectIntervalMs ?? 1000;
  const silenceMs = opts.silenceTimeoutMs ?? Math.max(1500, reportMs * 10);
  const blinkMs = opts.blinkIntervalMs ?? 500;
  const log = opts.logger ?? silentLogger;

  const emitter = new EventEmitter<StationBoardEvents>();
  let session: Session | null = null;
  let running = false;
  let connecting: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let light: TowerLight = 'off';
  let readings = emptyReadings();
  const tempEma = new Ema(opts.smoothingAlpha ?? 0.3);
  const humEma = new Ema(opts.smoothingAlpha ?? 0.3);
  let buzzerTimers: NodeJS.Timeout[] = [];
  let lastReason = 'not started';
  /** Last connection state told to listeners (null before the first attempt ends). */
  let announced: boolean | null = null;

  const applyLight = (s: Session): void => {
    for (const led of Object.values(s.leds)) led.stop();
    const want = light === 'red-blink' ? 'red' : light;
    for (const [colour, led] of Object.entries(s.leds)) {
      if (colour !== want) led.off();
    }
    if (light === 'red-blink') s.leds.red.blink(blinkMs);
    else if (light !== 'off') s.leds[light].on();
  };

  const publishReadings = (): void => {
    emitter.emit('readings', { ...readings });
  };

  const setDoor = (open: boolean): void => {
    if (readings.doorOpen === open) return;
    readings = { ...readings, doorOpen: open };
    emitter.emit('door', { open });
    publishReadings();
  };
  const setHopper = (low: boolean): void => {
    if (readings.hopperLow === low) return;
    readings = { ...readings, hopperLow: low };
    emitter.emit('hopperLow', { low });
    publishReadings();
  };

  const teardown = async (s: Session): Promise<void> => {
    clearInterval(s.watchdog);
    for (const t of buzzerTimers) clearTimeout(t);
    buzzerTimers = [];
    for (const led of Object.values(s.leds)) led.stop();
    for (const sensor of s.sensors) sensor.disable();
    s.io.removeAllListeners('analog-read');
    s.board.removeAllListeners();
    s.board.on('error', () => {});
    forgetBoard(s.board);
    if (s.sp.isOpen) await new Promise<void>((r) => s.sp.close(() => r()));
  };

  const lose = (s: Session, reason: string): void => {
    if (session !== s) return;
    session = null;
    lastReason = reason;
    log.warn({ board: id, reason }, 'station board lost');
    readings = { ...emptyReadings() };
    tempEma.reset();
    humEma.reset();
    announced = false;
    emitter.emit('connection', { connected: false, reason });
    publishReadings();
    void teardown(s).finally(() => scheduleRetry());
  };

  const scheduleRetry = (): void => {
    if (!running || retryTimer || session) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, reconnectMs);
  };

  const openPort = async (): Promise<SerialPortStream> => {
    const sp = await factory({ path: opts.port, baudRate: 57600, autoOpen: false });
    await new Promise<void>((resolve, reject) => sp.open((err) => (err ? reject(err) : resolve())));
    return sp;
  };

  const handshake = async (sp: SerialPortStream): Promise<Firmata> => {
    // A short reportVersionTimeout: if the board announced itself before we opened the port,
    // those bytes are gone, so ask for the version instead of waiting firmata-io's 5 s.
    const io = new FirmataClass(sp, { reportVersionTimeout: 50 });
    io.on('error', (e: unknown) => log.debug({ board: id, err: String(e) }, 'firmata error'));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new BoardError('HANDSHAKE_TIMEOUT', `no Firmata handshake within ${readyTimeoutMs} ms`));
      }, readyTimeoutMs);
      const onClose = (): void => {
        cleanup();
        reject(new BoardError('PORT_CLOSED', 'serial port closed during handshake'));
      };
      const onReady = (): void => {
        cleanup();
        resolve();
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        io.off('ready', onReady);
        sp.off('close', onClose);
      };
      io.once('ready', onReady);
      sp.once('close', onClose);
    }).catch((e: unknown) => {
      if (io.reportVersionTimeoutId) clearTimeout(io.reportVersionTimeoutId);
      throw e;
    });
    return io;
  };

  const setUp = async (sp: SerialPortStream, io: Firmata): Promise<Session> => {
    const board = new five.Board({
      io,
      id,
      repl: false,
      debug: false,
      // johnny-five would otherwise hook SIGINT and exit the whole gateway.
      sigint: false,
      timeout: readyTimeoutMs,
    } as five.BoardOption) as J5Board;
    board.on('error', (e: unknown) => log.debug({ board: id, err: String(e) }, 'johnny-five error'));
    await new Promise<void>((resolve) => board.once('ready', () => resolve()));
    io.setSamplingInterval(reportMs);

    const leds = {
      green: new five.Led({ pin: wiring.green, board }),
      amber: new five.Led({ pin: wiring.amber, board }),
      red: new five.Led({ pin: wiring.red, board }),
    };
    const buzzer = new five.Led({ pin: wiring.buzzer, board });
    buzzer.off();

    // Normally-open contacts to ground with the pull-up on: "open" means the door stands open
    // (or the hopper lever dropped), and a cut wire reads the same way: fail safe.
    const door = new five.Switch({ pin: wiring.door, board, type: 'NO' });
    door.on('open', () => setDoor(true));
    door.on('close', () => setDoor(false));
    const hopper = new five.Switch({ pin: wiring.hopperLow, board, type: 'NO' });
    hopper.on('open', () => setHopper(true));
    hopper.on('close', () => setHopper(false));

    const temp = new five.Sensor({ pin: `A${wiring.temperatureChannel}`, board, freq: sampleMs }) as J5Sensor;
    const hum = new five.Sensor({ pin: `A${wiring.humidityChannel}`, board, freq: sampleMs }) as J5Sensor;
    // johnny-five emits 'data' on its own timer, with 0 before the first analog report arrived
    // (-50 °C on a TMP36): only real samples go into the average.
    temp.on('data', () => {
      if (temp.raw === null) return;
      const t = tempEma.push(temperatureFromRaw(temp.raw));
      readings = { ...readings, temperatureC: round1(t) };
    });
    hum.on('data', () => {
      if (hum.raw !== null) {
        const h = humEma.push(humidityFromRaw(hum.raw, tempEma.value));
        readings = { ...readings, humidityPercent: round1(h) };
      }
      // Humidity is sampled second in each round: publish once per round.
      publishReadings();
    });

    const tickMs = Math.max(50, Math.floor(silenceMs / 4));
    const s: Session = {
      sp,
      io,
      board,
      leds,
      buzzer,
      sensors: [temp, hum],
      lastDataAt: Date.now(),
      probed: false,
      lastTickAt: Date.now(),
      watchdog: setInterval(() => {
        const now = Date.now();
        const stalled = now - s.lastTickAt > 2 * tickMs;
        s.lastTickAt = now;
        // After a stall of our own event loop the board's bytes are still waiting in the pipe
        // (timers run before I/O): look again on the next tick instead of blaming the board.
        if (stalled) return;
        const quiet = now - s.lastDataAt;
        if (quiet > silenceMs) lose(s, `board silent for ${quiet} ms`);
        else if (quiet > silenceMs / 2 && !s.probed) {
          s.probed = true;
          io.reportVersion(() => {});
        }
      }, tickMs),
    };
    sp.on('data', () => {
      s.lastDataAt = Date.now();
      s.probed = false;
    });
    sp.on('close', () => lose(s, 'serial port closed'));
    sp.on('error', (e: Error) => log.debug({ board: id, err: e.message }, 'serial error'));
    return s;
  };

  const attempt = async (): Promise<void> => {
    let sp: SerialPortStream | null = null;
    try {
      sp = await openPort();
      const io = await handshake(sp);
      const s = await setUp(sp, io);
      if (!running) {
        await teardown(s);
        return;
      }
      session = s;
      applyLight(s);
      log.info({ board: id, firmware: io.firmware.name ?? null }, 'station board connected');
      announced = true;
      emitter.emit('connection', { connected: true });
    } catch (e) {
      const reason = (e as Error).message;
      if (reason !== lastReason)
        log.warn({ board: id, port: opts.port, reason }, 'station board unavailable');
      lastReason = reason;
      if (announced !== false) {
        announced = false;
        emitter.emit('connection', { connected: false, reason });
      }
      if (sp?.isOpen) await new Promise<void>((r) => sp!.close(() => r()));
      scheduleRetry();
    }
  };

  const connect = (): Promise<void> => {
    if (!running || session) return Promise.resolve();
    connecting ??= attempt().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return Object.assign(emitter, {
    id,
    async start() {
      if (running) return;
      running = true;
      // Resolves after the first attempt either way: the station must start without its board.
      await connect();
    },
    async stop() {
      running = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      await connecting;
      const s = session;
      session = null;
      if (s) {
        for (const led of [...Object.values(s.leds), s.buzzer]) led.off();
        await teardown(s);
        announced = false;
        emitter.emit('connection', { connected: false, reason: 'stopped' });
      }
    },
    connected: () => session !== null,
    setLight(next: TowerLight) {
      if (light === next) return;
      light = next;
      if (session) applyLight(session);
    },
    beep(pattern: BuzzerPattern) {
      const s = session;
      if (!s || buzzerTimers.length > 0) return; // never overlap two patterns
      let at = 0;
      BUZZER_PATTERNS[pattern].forEach((ms, i) => {
        const on = i % 2 === 0;
        buzzerTimers.push(setTimeout(() => (on ? s.buzzer.on() : s.buzzer.off()), at));
        at += ms;
      });
      buzzerTimers.push(
        setTimeout(() => {
          s.buzzer.off();
          buzzerTimers = [];
        }, at),
      );
    },
    readings: () => ({ ...readings }),
  }) as StationBoard;
}
