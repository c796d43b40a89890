/**
 * Every error that crosses a module boundary carries a stable code, so the API, the logs, the
 * telemetry and the UI can all name the same failure the same way.
 */
export class CardgateError extends Error {
  readonly code: string;
  /** HTTP status the API answers with when this error reaches a route. */
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    opts: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CardgateError';
    this.code = code;
    this.status = opts.status ?? 500;
    this.details = opts.details;
  }
}

export const isCardgateError = (e: unknown): e is CardgateError => e instanceof CardgateError;

/** Configuration that fails validation: the CLI exits with code 2 on it. */
export class ConfigError extends CardgateError {
  readonly path: string;
  constructor(path: string, reason: string) {
    super('CONFIG_INVALID', `config ${path || '/'}: ${reason}`, { status: 500, details: { path, reason } });
    this.name = 'ConfigError';
    this.path = path;
  }
}
