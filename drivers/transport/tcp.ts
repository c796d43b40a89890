import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
import { TransportError, type ByteTransport, type TransportEvents } from './types.js';

export const DEFAULT_TCP_PORT = 9100;

export interface TcpTransportOptions {
  host: string;
  port?: number;
  connectTimeoutMs?: number;
  /** Injected for tests or proxies; defaults to a plain `net.Socket`. */
  socketFactory?: () => Socket;
}

/** Raw TCP socket, as card printers expose on port 9100. */
export class TcpTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  readonly description: string;
  readonly #opts: Required<Omit<TcpTransportOptions, 'socketFactory'>> & { socketFactory: () => Socket };
  #socket: Socket | null = null;
  readonly #data = new EventEmitter<{ data: [Buffer] }>();

  constructor(opts: TcpTransportOptions) {
    super();
    this.#opts = {
      host: opts.host,
      port: opts.port ?? DEFAULT_TCP_PORT,
      connectTimeoutMs: opts.connectTimeoutMs ?? 5000,
      socketFactory: opts.socketFactory ?? (() => new Socket()),
    };
    this.description = `tcp://${this.#opts.host}:${this.#opts.port}`;
  }

  get isOpen(): boolean {
    return this.#socket !== null && !this.#socket.destroyed;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const socket = this.#opts.socketFactory();
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TransportError('TRANSPORT_OPEN', `${this.description}: connect timed out`));
      }, this.#opts.connectTimeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new TransportError('TRANSPORT_OPEN', `${this.description}: ${e.message}`, e));
      });
      socket.connect(this.#opts.port, this.#opts.host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve();
      });
    });
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#data.emit('data', chunk));
    socket.on('error', (e) => this.emit('error', e));
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.emit('close', { reason: 'connection closed' });
    });
  }

  async write(data: Uint8Array): Promise<void> {
    const socket = this.#socket;
    if (!socket || socket.destroyed)
      throw new TransportError('TRANSPORT_CLOSED', `${this.description}: not open`);
    await new Promise<void>((resolve, reject) => {
      socket.write(data, (e) =>
        e ? reject(new TransportError('TRANSPORT_WRITE', `${this.description}: ${e.message}`, e)) : resolve(),
      );
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#data.on('data', listener);
    return () => this.#data.off('data', listener);
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    this.#socket = null;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }
}
