import { EventEmitter } from 'node:events';
import type { SerialPortStream } from '@serialport/stream';
import { FIRMATA, PIN_MODE, PROTOCOL_VERSION } from './firmata-constants.js';
import { FirmataReader, type HostMessage } from './firmata-reader.js';
import {
  UNO_ANALOG_PINS,
  UNO_DIGITAL_PINS,
  defaultWiring,
  rawFromHumidity,
  rawFromTemperature,
  type BoardWiring,
} from '../wiring.js';
import type { TowerLight } from '../interface.js';

/** What the emulated room looks like; every field can be changed while it runs. */
export interface EmulatedInputs {
  doorOpen: boolean;
  hopperLow: boolean;
  temperatureC: number;
  humidityPercent: number;
}

export interface RecordedWrite {
  pin: number;
  value: number;
  at: number;
}

export interface BoardEmulatorState {
  serialPath: string;
  open: boolean;
  inputs: EmulatedInputs;
  modes: Record<number, number>;
  outputs: Record<number, number>;
  light: TowerLight | 'mixed';
  buzzer: boolean;
  samplingIntervalMs: number;
  reportedAnalog: number[];
  reportedDigitalPorts: number[];
  writes: number;
}

export interface BoardEmulatorOptions {
  serialPath: string;
  firmwareName?: string;
  wiring?: BoardWiring;
  inputs?: Partial<EmulatedInputs>;
  /** Firmata's default is 19 ms; the gateway sets its own with SAMPLING_INTERVAL. */
  samplingIntervalMs?: number;
  /** Injected so tests and other transports can stand in for serialport. */
  serialPortFactory?: (opts: {
    path: string;
    baudRate: number;
    lock: boolean;
  }) => SerialPortStream | Promise<SerialPortStream>;
}

export interface BoardEmulator extends EventEmitter<{
  write: [RecordedWrite];
  message: [HostMessage];
  /** The serial line failed (e.g. the pty's far end went away): the emulated board is gone. */
  lost: [Error];
}> {
  readonly serialPath: string;
  setInputs(inputs: Partial<EmulatedInputs>): void;
  setRawDigital(pin: number, value: 0 | 1): void;
  setRawAnalog(channel: number, value: number): void;
  state(): BoardEmulatorState;
  /** Every digital write the host made, oldest first (bounded to the last 1000). */
  writes(): RecordedWrite[];
  close(): Promise<void>;
}

const PWM_PINS = new Set([3, 5, 6, 9, 10, 11]);
const TOTAL_PINS = UNO_DIGITAL_PINS + UNO_ANALOG_PINS;

/**
 * A Firmata 2.5 board (an Uno running StandardFirmata) on one end of a serial line: answers the
 * handshake, keeps pin modes, records digital writes, reports analog channels every sampling
 * interval and digital ports on change. Inputs come from `setInputs`, so a test can make the
 * office hot or open its door.
 */
export async function startBoardEmulator(opts: BoardEmulatorOptions): Promise<BoardEmulator> {
  const wiring = opts.wiring ?? defaultWiring;
  const firmwareName = opts.firmwareName ?? 'StandardFirmata.ino';
  const factory =
    opts.serialPortFactory ??
    (async (o: { path: string; baudRate: number; lock: boolean }) =>
      new (await import('serialport')).SerialPort({ ...o, autoOpen: false }));
  const port = await factory({ path: opts.serialPath, baudRate: 57600, lock: false });

  const inputs: EmulatedInputs = {
    doorOpen: false,
    hopperLow: false,
    temperatureC: 22,
    humidityPercent: 45,
    ...opts.inputs,
  };
  const modes = new Map<number, number>();
  const outputs = new Map<number, number>();
  const digitalIn = new Map<number, number>();
  const analogIn = new Map<number, number>();
  const reportAnalog = new Set<number>();
  const reportDigital = new Set<number>();
  const log: RecordedWrite[] = [];
  let samplingMs = opts.samplingIntervalMs ?? 19;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const reader = new FirmataReader();
  const emitter = new EventEmitter<{ write: [RecordedWrite]; message: [HostMessage]; lost: [Error] }>();

  /** No more reports or answers: the board is closed, or its line failed. */
  const halt = (): void => {
    closed = true;
    if (timer) clearInterval(timer);
  };

  const send = (bytes: number[]): void => {
    if (!closed && port.isOpen) port.write(Buffer.from(bytes));
  };

  const applyInputs = (): void => {
    digitalIn.set(wiring.door, inputs.doorOpen ? 1 : 0);
    digitalIn.set(wiring.hopperLow, inputs.hopperLow ? 1 : 0);
    analogIn.set(wiring.temperatureChannel, rawFromTemperature(inputs.temperatureC));
    analogIn.set(wiring.humidityChannel, rawFromHumidity(inputs.humidityPercent, inputs.temperatureC));
  };
  applyInputs();

  const portValue = (p: number): number => {
    let v = 0;
    for (let bit = 0; bit < 8; bit++) {
      const pin = p * 8 + bit;
      const mode = modes.get(pin);
      const isInput = mode === PIN_MODE.INPUT || mode === PIN_MODE.PULLUP;
      const value = isInput
        ? (digitalIn.get(pin) ?? (mode === PIN_MODE.PULLUP ? 1 : 0))
        : (outputs.get(pin) ?? 0);
      if (value) v |= 1 << bit;
    }
    return v;
  };
  const sendPort = (p: number): void =>
    send([FIRMATA.DIGITAL_MESSAGE | p, portValue(p) & 0x7f, (portValue(p) >> 7) & 0x7f]);
  const sendAnalog = (ch: number): void => {
    const v = analogIn.get(ch) ?? 0;
    send([FIRMATA.ANALOG_MESSAGE | ch, v & 0x7f, (v >> 7) & 0x7f]);
  };

  const recordWrite = (pin: number, value: number): void => {
    const mode = modes.get(pin);
    if (mode === PIN_MODE.INPUT && value) {
      // Writing HIGH to an input pin switches on its pull-up (Arduino semantics).
      modes.set(pin, PIN_MODE.PULLUP);
      return;
    }
    if (mode !== PIN_MODE.OUTPUT && mode !== PIN_MODE.PWM) return;
    if (outputs.get(pin) === value) return;
    outputs.set(pin, value);
    const w = { pin, value, at: Date.now() };
    log.push(w);
    if (log.length > 1000) log.shift();
    emitter.emit('write', w);
  };

  const versionBytes = [FIRMATA.REPORT_VERSION, PROTOCOL_VERSION.major, PROTOCOL_VERSION.minor];
  const firmwareBytes = (): number[] => {
    const name = [...Buffer.from(firmwareName, 'ascii')].flatMap((c) => [c & 0x7f, (c >> 7) & 0x7f]);
    return [
      FIRMATA.START_SYSEX,
      FIRMATA.QUERY_FIRMWARE,
      PROTOCOL_VERSION.major,
      PROTOCOL_VERSION.minor,
      ...name,
      FIRMATA.END_SYSEX,
    ];
  };

  const capabilityBytes = (): number[] => {
    const out: number[] = [FIRMATA.START_SYSEX, FIRMATA.CAPABILITY_RESPONSE];
    for (let pin = 0; pin < TOTAL_PINS; pin++) {
      // Pins 0 and 1 carry the serial line to the host: no modes, as StandardFirmata reports them.
      if (pin >= 2) {
        out.push(PIN_MODE.INPUT, 1, PIN_MODE.OUTPUT, 1, PIN_MODE.PULLUP, 1);
        if (PWM_PINS.has(pin)) out.push(PIN_MODE.PWM, 8);
        if (pin >= UNO_DIGITAL_PINS) out.push(PIN_MODE.ANALOG, 10);
      }
      out.push(0x7f);
    }
    out.push(FIRMATA.END_SYSEX);
    return out;
  };
  const analogMappingBytes = (): number[] => {
    const out: number[] = [FIRMATA.START_SYSEX, FIRMATA.ANALOG_MAPPING_RESPONSE];
    for (let pin = 0; pin < TOTAL_PINS; pin++)
      out.push(pin >= UNO_DIGITAL_PINS ? pin - UNO_DIGITAL_PINS : 0x7f);
    out.push(FIRMATA.END_SYSEX);
    return out;
  };

  const restartSampling = (): void => {
    if (timer) clearInterval(timer);
    timer = setInterval(() => {
      for (const ch of [...reportAnalog].sort()) sendAnalog(ch);
    }, samplingMs);
  };

  const reset = (): void => {
    modes.clear();
    outputs.clear();
    reportAnalog.clear();
    reportDigital.clear();
  };

  const handle = (msg: HostMessage): void => {
    emitter.emit('message', msg);
    switch (msg.type) {
      case 'report-version':
        return send(versionBytes);
      case 'system-reset':
        return reset();
      case 'set-pin-mode':
        modes.set(msg.pin, msg.mode);
        if (msg.mode === PIN_MODE.ANALOG && msg.pin >= UNO_DIGITAL_PINS)
          reportAnalog.add(msg.pin - UNO_DIGITAL_PINS);
        return;
      case 'digital-port':
        for (let bit = 0; bit < 8; bit++) recordWrite(msg.port * 8 + bit, (msg.value >> bit) & 1);
        return;
      case 'digital-pin':
        return recordWrite(msg.pin, msg.value ? 1 : 0);
      case 'analog-write':
        return recordWrite(msg.pin, msg.value);
      case 'report-analog':
        if (msg.enable) reportAnalog.add(msg.channel);
        else reportAnalog.delete(msg.channel);
        return;
      case 'report-digital':
        if (msg.enable) {
          reportDigital.add(msg.port);
          sendPort(msg.port); // StandardFirmata reports the port's state at once
        } else reportDigital.delete(msg.port);
        return;
      case 'sysex':
        return handleSysex(msg.command, msg.data);
    }
  };

  const handleSysex = (command: number, data: number[]): void => {
    if (command === FIRMATA.QUERY_FIRMWARE) return send(firmwareBytes());
    if (command === FIRMATA.CAPABILITY_QUERY) return send(capabilityBytes());
    if (command === FIRMATA.ANALOG_MAPPING_QUERY) return send(analogMappingBytes());
    if (command === FIRMATA.SAMPLING_INTERVAL) {
      const ms = (data[0] ?? 0) | ((data[1] ?? 0) << 7);
      samplingMs = Math.max(10, ms);
      return restartSampling();
    }
    if (command === FIRMATA.PIN_STATE_QUERY) {
      const pin = data[0] ?? 0;
      const mode = modes.get(pin) ?? PIN_MODE.OUTPUT;
      const state = mode === PIN_MODE.OUTPUT ? (outputs.get(pin) ?? 0) : mode === PIN_MODE.PULLUP ? 1 : 0;
      return send([
        FIRMATA.START_SYSEX,
        FIRMATA.PIN_STATE_RESPONSE,
        pin,
        mode,
        state & 0x7f,
        FIRMATA.END_SYSEX,
      ]);
    }
    // Other sysex (I2C, servo, …) is not wired on the station board: ignored, as the firmware would.
  };

  // A failing line (socat stopped, the pty's far end closed) ends this emulated board; an
  // 'error' with no listener would end the whole process it runs in.
  port.on('error', (err: Error) => {
    if (closed) return;
    halt();
    emitter.emit('lost', err);
  });
  port.on('data', (chunk: Buffer) => {
    for (const msg of reader.push(chunk)) handle(msg);
  });

  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  // A real Uno announces itself after reset; doing the same lets the host skip its 5 s wait.
  send(versionBytes);
  send(firmwareBytes());
  restartSampling();

  const changeDigital = (before: Map<number, number>): void => {
    const ports = new Set<number>();
    for (const [pin, v] of digitalIn) if (before.get(pin) !== v) ports.add(Math.floor(pin / 8));
    for (const p of ports) if (reportDigital.has(p)) sendPort(p);
  };

  const lightOf = (): TowerLight | 'mixed' => {
    const lit = (['green', 'amber', 'red'] as const).filter((c) => (outputs.get(wiring[c]) ?? 0) > 0);
    const others = !outputs.get(wiring.green) && !outputs.get(wiring.amber);
    // Blinking is a pattern in time: the red segment toggled recently while the others stay dark.
    const since = Date.now() - 1500;
    const redToggles = log.filter((w) => w.pin === wiring.red && w.at >= since).length;
    if (others && redToggles >= 2) return 'red-blink';
    if (lit.length === 0) return 'off';
    if (lit.length === 1) return lit[0]!;
    return 'mixed';
  };

  return Object.assign(emitter, {
    serialPath: opts.serialPath,
    setInputs(next: Partial<EmulatedInputs>) {
      const before = new Map(digitalIn);
      Object.assign(inputs, next);
      applyInputs();
      changeDigital(before);
    },
    setRawDigital(pin: number, value: 0 | 1) {
      const before = new Map(digitalIn);
      digitalIn.set(pin, value);
      changeDigital(before);
    },
    setRawAnalog(channel: number, value: number) {
      analogIn.set(channel, Math.max(0, Math.min(1023, Math.round(value))));
    },
    state(): BoardEmulatorState {
      return {
        serialPath: opts.serialPath,
        open: port.isOpen && !closed,
        inputs: { ...inputs },
        modes: Object.fromEntries(modes),
        outputs: Object.fromEntries(outputs),
        light: lightOf(),
        buzzer: outputs.get(wiring.buzzer) === 1,
        samplingIntervalMs: samplingMs,
        reportedAnalog: [...reportAnalog].sort(),
        reportedDigitalPorts: [...reportDigital].sort(),
        writes: log.length,
      };
    },
    writes: () => [...log],
    async close() {
      if (closed) return;
      halt();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  });
}
