/**
 * The one base of every device driver's error. A driver throws its own subclass with a code from
 * its own short list (`COVER_OPEN`, `NO_CARD`, …); the gateway's error catalogue knows each of them
 * under `catalogueCode` (the kind's prefix + the code: `PRINTER_COVER_OPEN`, `ENCODER_NO_CARD`),
 * which gives the HTTP status and the operator's text. Drivers never import the gateway, so the
 * status lives in the catalogue, not here.
 */
export type DeviceKind = 'printer' | 'encoder' | 'camera' | 'board' | 'transport';

export class DeviceError<C extends string = string> extends Error {
  readonly kind: DeviceKind;
  /** The driver's own code, stable across releases. */
  readonly code: C;

  constructor(kind: DeviceKind, code: C, message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DeviceError';
    this.kind = kind;
    this.code = code;
  }

  /** The code in the station's error catalogue: the kind as prefix, once. */
  get catalogueCode(): string {
    const prefix = `${this.kind.toUpperCase()}_`;
    return this.code.startsWith(prefix) ? this.code : `${prefix}${this.code}`;
  }

  /** What an operator or technician reads in an API answer; subclasses add the fix they know. */
  get detail(): string {
    return this.message;
  }
}

export const isDeviceError = (e: unknown): e is DeviceError => e instanceof DeviceError;
