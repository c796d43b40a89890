import { FIRMATA } from './firmata-constants.js';

/** One host→board message, decoded. */
export type HostMessage =
  | { type: 'report-version' }
  | { type: 'system-reset' }
  | { type: 'set-pin-mode'; pin: number; mode: number }
  | { type: 'digital-port'; port: number; value: number }
  | { type: 'digital-pin'; pin: number; value: number }
  | { type: 'analog-write'; pin: number; value: number }
  | { type: 'report-analog'; channel: number; enable: boolean }
  | { type: 'report-digital'; port: number; enable: boolean }
  | { type: 'sysex'; command: number; data: number[] };

/**
 * Splits the byte stream the host sends into Firmata messages. Bytes arrive in arbitrary
 * chunks over the serial line, so the reader keeps its partial message between calls and
 * resynchronises on the next command byte (≥ 0x80) after garbage, as a real board does.
 */
export class FirmataReader {
  #buf: number[] = [];
  #inSysex = false;

  push(chunk: Uint8Array): HostMessage[] {
    const out: HostMessage[] = [];
    for (const byte of chunk) {
      if (this.#inSysex) {
        if (byte === FIRMATA.END_SYSEX) {
          this.#inSysex = false;
          const [command, ...data] = this.#buf;
          this.#buf = [];
          if (command !== undefined) out.push({ type: 'sysex', command, data });
        } else if (byte >= 0x80) {
          // A command byte inside sysex: the sysex was truncated; start over with this byte.
          this.#inSysex = false;
          this.#buf = [];
          this.#start(byte, out);
        } else {
          this.#buf.push(byte);
        }
        continue;
      }
      if (byte >= 0x80) {
        this.#buf = [];
        this.#start(byte, out);
        continue;
      }
      if (this.#buf.length === 0) continue; // data byte without a command: skip
      this.#buf.push(byte);
      const msg = decodeFixed(this.#buf);
      if (msg) {
        out.push(msg);
        this.#buf = [];
      }
    }
    return out;
  }

  #start(byte: number, out: HostMessage[]): void {
    if (byte === FIRMATA.START_SYSEX) {
      this.#inSysex = true;
      return;
    }
    if (byte === FIRMATA.REPORT_VERSION) return void out.push({ type: 'report-version' });
    if (byte === FIRMATA.SYSTEM_RESET) return void out.push({ type: 'system-reset' });
    this.#buf = [byte];
  }
}

function decodeFixed(buf: number[]): HostMessage | null {
  const [cmd = 0, a = 0, b = 0] = buf;
  const high = cmd & 0xf0;
  const low = cmd & 0x0f;
  if (high === FIRMATA.REPORT_ANALOG && buf.length === 2)
    return { type: 'report-analog', channel: low, enable: a !== 0 };
  if (high === FIRMATA.REPORT_DIGITAL && buf.length === 2)
    return { type: 'report-digital', port: low, enable: a !== 0 };
  if (buf.length < 3) return null;
  if (high === FIRMATA.DIGITAL_MESSAGE) return { type: 'digital-port', port: low, value: a | (b << 7) };
  if (high === FIRMATA.ANALOG_MESSAGE) return { type: 'analog-write', pin: low, value: a | (b << 7) };
  if (cmd === FIRMATA.SET_PIN_MODE) return { type: 'set-pin-mode', pin: a, mode: b };
  if (cmd === FIRMATA.SET_DIGITAL_PIN_VALUE) return { type: 'digital-pin', pin: a, value: b };
  // Unknown 3-byte command: drop it rather than stall the stream.
  return { type: 'sysex', command: -1, data: buf };
}
