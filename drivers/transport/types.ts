import type { EventEmitter } from 'node:events';
import { DeviceError } from '../device/errors.js';

export interface TransportEvents {
  /** The link went away (peer closed, cable pulled, device detached). */
  close: [{ reason: string }];
  error: [Error];
  /** USB hot-plug: the matching device appeared again. */
  attach: [];
}

/**
 * A byte pipe to a device. Vendor drivers only see this; how bytes travel (serial, TCP, USB)
 * stays in the transport, so every driver runs unchanged over each of them.
 */
export interface ByteTransport extends EventEmitter<TransportEvents> {
  /** e.g. 'tcp://127.0.0.1:9100' (never secrets). */
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /** Resolves once the bytes are handed to the operating system. */
  write(data: Uint8Array): Promise<void>;
  /** Subscribe to incoming bytes; returns the unsubscribe function. */
  onData(listener: (chunk: Buffer) => void): () => void;
  close(): Promise<void>;
}

/** Every error a byte transport reports; the catalogue knows each as `TRANSPORT_<code>` (prefixed once). */
export const TRANSPORT_ERROR_CODES = [
  'TRANSPORT_OPEN',
  'TRANSPORT_CLOSED',
  'TRANSPORT_WRITE',
  'TRANSPORT_URL',
  'USB_NOT_FOUND',
  'USB_UNAVAILABLE',
] as const;
export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

export class TransportError extends DeviceError<TransportErrorCode> {
  constructor(code: TransportErrorCode, message: string, cause?: unknown) {
    super('transport', code, message, cause === undefined ? {} : { cause });
    this.name = 'TransportError';
  }
}
