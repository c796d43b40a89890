import type { SerialPortStream } from '@serialport/stream';

// @serialport/bindings-interface's types are not reachable through its package exports: take them
// from the stream that consumes the binding.
type BindingInterface = ConstructorParameters<typeof SerialPortStream>[0]['binding'];
type BindingPortInterface = Awaited<ReturnType<BindingInterface['open']>>;
type OpenOptions = Parameters<BindingInterface['open']>[0];
type PortInfo = Awaited<ReturnType<BindingInterface['list']>>[number];

/**
 * A serial line inside the process: two ends ('gateway' and 'board') whose bytes cross over, as
 * a serialport binding. `npm start` uses it for the emulated station board when socat (and with
 * it a pty pair) is not installed, so the gateway still talks Firmata through serialport's own
 * stream, johnny-five and firmata-io: the same code path as a real board, minus the kernel.
 *
 * Bytes written on one end arrive on the other in a later turn of the event loop, like a real
 * line; bytes sent while the far end is closed are lost, like a serial line nobody listens to.
 */
export interface MemoryLine {
  readonly binding: BindingInterface;
  /** Path names the binding opens: one per end. */
  readonly paths: { gateway: string; board: string };
  /** A port on one end, not yet open (serialport's `autoOpen: false`). */
  open(path: string, opts?: { baudRate?: number }): Promise<SerialPortStream>;
}

class CanceledError extends Error {
  readonly canceled = true;
}

interface End {
  queue: Buffer[];
  waiting: { resolve: () => void; reject: (e: Error) => void } | null;
  port: MemoryPort | null;
}

class MemoryPort implements BindingPortInterface {
  isOpen = true;
  readonly openOptions: Required<OpenOptions>;
  readonly #self: End;
  readonly #peer: End;

  constructor(self: End, peer: End, opts: OpenOptions) {
    this.#self = self;
    this.#peer = peer;
    this.openOptions = {
      dataBits: 8,
      lock: false,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...opts,
    };
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.#self.port = null;
    this.#self.queue = [];
    const w = this.#self.waiting;
    this.#self.waiting = null;
    w?.reject(new CanceledError('port closed'));
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    while (this.#self.queue.length === 0) {
      if (!this.isOpen) throw new CanceledError('port closed');
      await new Promise<void>((resolve, reject) => (this.#self.waiting = { resolve, reject }));
    }
    const head = this.#self.queue[0]!;
    const n = Math.min(length, head.length);
    head.copy(buffer, offset, 0, n);
    if (n === head.length) this.#self.queue.shift();
    else this.#self.queue[0] = head.subarray(n);
    return { buffer, bytesRead: n };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw new CanceledError('port closed');
    const peer = this.#peer;
    const listener = peer.port;
    if (!listener) return;
    const copy = Buffer.from(buffer);
    setImmediate(() => {
      if (peer.port !== listener) return;
      peer.queue.push(copy);
      const w = peer.waiting;
      peer.waiting = null;
      w?.resolve();
    });
  }

  async update(): Promise<void> {}
  async set(): Promise<void> {}
  async get(): Promise<{ cts: boolean; dsr: boolean; dcd: boolean }> {
    return { cts: true, dsr: true, dcd: true };
  }
  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }
  async flush(): Promise<void> {
    this.#self.queue = [];
  }
  async drain(): Promise<void> {}
}

let lines = 0;

export function createMemoryLine(): MemoryLine {
  const id = ++lines;
  const paths = { gateway: `memory:board-line-${id}/gateway`, board: `memory:board-line-${id}/board` };
  const ends = new Map<string, End>([
    [paths.gateway, { queue: [], waiting: null, port: null }],
    [paths.board, { queue: [], waiting: null, port: null }],
  ]);
  const binding: BindingInterface = {
    async list(): Promise<PortInfo[]> {
      return [...ends.keys()].map((path) => ({
        path,
        manufacturer: 'cardgate',
        serialNumber: undefined,
        pnpId: undefined,
        locationId: undefined,
        productId: undefined,
        vendorId: undefined,
      }));
    },
    async open(opts: OpenOptions): Promise<BindingPortInterface> {
      const self = ends.get(opts.path);
      if (!self) throw new Error(`no such memory line end: ${opts.path}`);
      if (self.port) throw new Error(`memory line end already open: ${opts.path}`);
      const peer = ends.get(opts.path === paths.gateway ? paths.board : paths.gateway)!;
      self.queue = [];
      self.port = new MemoryPort(self, peer, opts);
      return self.port;
    },
  };
  return {
    binding,
    paths,
    async open(path, opts = {}) {
      // @serialport/stream is plain JavaScript: no native serialport binding is loaded.
      const { SerialPortStream } = await import('@serialport/stream');
      return new SerialPortStream({ binding, path, baudRate: opts.baudRate ?? 57600, autoOpen: false });
    },
  };
}
