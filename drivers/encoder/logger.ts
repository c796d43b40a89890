/** The slice of a pino logger the encoder drivers use; pass a child logger or nothing. */
export interface EncoderLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};
export const silentLogger: EncoderLogger = { debug: noop, info: noop, warn: noop, error: noop };
