import type { EventEmitter } from 'node:events';

/**
 * The part of the `pcsclite` binding the driver uses, as structural types: the station passes
 * the real module's factory, so nothing here imports the native addon.
 */
export interface PcscReader extends EventEmitter {
  readonly name: string;
  readonly connected: boolean;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_MUTE: number;
  readonly SCARD_LEAVE_CARD: number;
  connect(
    options: { share_mode?: number; protocol?: number },
    cb: (err: Error | null | undefined, protocol: number) => void,
  ): void;
  disconnect(disposition: number, cb: (err: Error | null | undefined) => void): void;
  transmit(
    data: Buffer,
    resLen: number,
    protocol: number,
    cb: (err: Error | null | undefined, response: Buffer) => void,
  ): void;
  close(): void;
}

export interface PcscContext extends EventEmitter {
  close(): void;
}

/** `require('pcsclite')`: throws when pcscd does not answer. */
export type PcscFactory = () => PcscContext;
