// firmata-io ships no types; this is the part of its surface the bridge uses.
declare module 'firmata-io' {
  import type { EventEmitter } from 'node:events';
  export interface FirmataOptions {
    reportVersionTimeout?: number;
    samplingInterval?: number;
    skipCapabilities?: boolean;
  }
  class FirmataIo extends EventEmitter {
    constructor(transport: unknown, options?: FirmataOptions, callback?: (error?: unknown) => void);
    isReady: boolean;
    reportVersionTimeoutId?: NodeJS.Timeout;
    firmware: { name?: string; version?: { major: number; minor: number } };
    version: { major?: number; minor?: number };
    MODES: Record<string, number>;
    pins: Array<{ mode?: number; value?: number; analogChannel?: number }>;
    analogPins: number[];
    reportVersion(cb: () => void): void;
    queryFirmware(cb: () => void): void;
    setSamplingInterval(ms: number): void;
    pinMode(pin: number, mode: number): void;
    digitalWrite(pin: number, value: number): void;
  }
  export type { FirmataIo as Firmata };
  const bindTransport: ((transport: unknown) => typeof FirmataIo) & { Firmata: typeof FirmataIo };
  export default bindTransport;
}
