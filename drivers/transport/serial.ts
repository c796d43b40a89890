import { EventEmitter } from 'node:events';
import { TransportError, type ByteTransport, type TransportEvents } from './types.js';

export type Parity = 'none' | 'even' | 'odd' | 'mark' | 'space';
export type FlowControl = 'none' | 'rtscts' | 'xonxoff';

export interface SerialSettings {
  path: string;
  baudRate: number;
  parity: Parity;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 2;
  flow: FlowControl;
}

/** What we use of a serialport@13 `SerialPort` (or `SerialPortStream` over any binding). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
  write(data: Buffer, cb: (err: Error | null | undefined) => void): boolean;
  drain(cb: (err: Error | null) => void): void;
  on(event: 'data', l: (chunk: Buffer) => void): this;
  on(event: 'close' | 'error', l: (e?: Error) => void): this;
  removeAllListeners(event?: string): this;
}

export interface SerialPortOpenOptions {
  path: string;
  baudRate: number;
  parity: Parity;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 2;
  rtscts: boolean;
  xon: boolean;
  xoff: boolean;
  autoOpen: false;
  lock: boolean;
}

export type SerialPortFactory = (opts: SerialPortOpenOptions) => SerialPortLike | Promise<SerialPortLike>;

/** The real thing: serialport@13's `SerialPort`, loaded when first needed. */
export const defaultSerialPortFactory: SerialPortFactory = async (opts) => {
  const { SerialPort } = await import('serialport');
  return new SerialPort(opts) as unknown as SerialPortLike;
};

/** Any serialport binding (e.g. firmware-bridge's in-process memory line) behind `SerialPortStream`. */
export function serialPortFactoryFromBinding(binding: unknown): SerialPortFactory {
  return async (opts) => {
    const { SerialPortStream } = await import('@serialport/stream');
    return new SerialPortStream({ ...opts, binding } as never) as unknown as SerialPortLike;
  };
}

/** Parse `serial:///dev/ttyUSB0?baud=115200&parity=none&flow=rtscts&bits=8&stop=1`. */
export function serialSettingsFromUrl(url: URL): SerialSettings {
  const q = url.searchParams;
  const path = decodeURIComponent(url.pathname);
  if (!path || path === '/')
    throw new TransportError('TRANSPORT_URL', `serial URL without a device path: ${url.href}`);
  const baudRate = Number(q.get('baud') ?? '115200');
  if (!Number.isInteger(baudRate) || baudRate < 300 || baudRate > 4_000_000)
    throw new TransportError('TRANSPORT_URL', `bad baud rate '${q.get('baud')}'`);
  const parity = (q.get('parity') ?? 'none') as Parity;
  if (!['none', 'even', 'odd', 'mark', 'space'].includes(parity))
    throw new TransportError('TRANSPORT_URL', `bad parity '${parity}'`);
  const flowRaw = (q.get('flow') ?? 'none').toLowerCase();
  const flow: FlowControl | undefined = (
    {
      none: 'none',
      rtscts: 'rtscts',
      'rts/cts': 'rtscts',
      xonxoff: 'xonxoff',
      'xon/xoff': 'xonxoff',
    } as const
  )[flowRaw as 'none'];
  if (!flow) throw new TransportError('TRANSPORT_URL', `bad flow control '${flowRaw}'`);
  const dataBits = Number(q.get('bits') ?? '8');
  if (![5, 6, 7, 8].includes(dataBits))
    throw new TransportError('TRANSPORT_URL', `bad data bits '${dataBits}'`);
  const stopBits = Number(q.get('stop') ?? '1');
  if (![1, 2].includes(stopBits)) throw new TransportError('TRANSPORT_URL', `bad stop bits '${stopBits}'`);
  return {
    path,
    baudRate,
    parity,
    flow,
    dataBits: dataBits as SerialSettings['dataBits'],
    stopBits: stopBits as SerialSettings['stopBits'],
  };
}

export interface SerialTransportOptions extends SerialSettings {
  portFactory?: SerialPortFactory;
  /** serialport locks a port; a pty shared with a test helper may need `false`. */
  lock?: boolean;
}

/** A serial line (DB-9 or USB-serial) through serialport@13. */
export class SerialTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  readonly description: string;
  readonly #opts: SerialTransportOptions;
  #port: SerialPortLike | null = null;
  readonly #data = new EventEmitter<{ data: [Buffer] }>();

  constructor(opts: SerialTransportOptions) {
    super();
    this.#opts = opts;
    this.description = `serial://${opts.path}?baud=${opts.baudRate}`;
  }

  get isOpen(): boolean {
    return this.#port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const factory = this.#opts.portFactory ?? defaultSerialPortFactory;
    const port = await factory({
      path: this.#opts.path,
      baudRate: this.#opts.baudRate,
      parity: this.#opts.parity,
      dataBits: this.#opts.dataBits,
      stopBits: this.#opts.stopBits,
      rtscts: this.#opts.flow === 'rtscts',
      xon: this.#opts.flow === 'xonxoff',
      xoff: this.#opts.flow === 'xonxoff',
      autoOpen: false,
      lock: this.#opts.lock ?? true,
    });
    await new Promise<void>((resolve, reject) =>
      port.open((e) =>
        e ? reject(new TransportError('TRANSPORT_OPEN', `${this.description}: ${e.message}`, e)) : resolve(),
      ),
    );
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.#data.emit('data', chunk));
    port.on('error', (e?: Error) => e && this.emit('error', e));
    port.on('close', () => {
      if (this.#port !== port) return;
      this.#port = null;
      this.emit('close', { reason: 'serial port closed' });
    });
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) throw new TransportError('TRANSPORT_CLOSED', `${this.description}: not open`);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (e) => {
        if (e) reject(new TransportError('TRANSPORT_WRITE', `${this.description}: ${e.message}`, e));
      });
      port.drain((e) =>
        e ? reject(new TransportError('TRANSPORT_WRITE', `${this.description}: ${e.message}`, e)) : resolve(),
      );
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#data.on('data', listener);
    return () => this.#data.off('data', listener);
  }

  async close(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
