import { isCatalogued, statusOf } from './error-catalogue.js';

/**
 * Every error that crosses a module boundary carries a stable code from the error catalogue
 * (error-catalogue.ts), so the API, the logs, the telemetry and the UI can all name the same
 * failure the same way.
 */
export class CardgateError extends Error {
  readonly code: string;
  /** HTTP status the API answers with when this error reaches a route: the catalogue's. */
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    opts: {
      /**
       * @deprecated The catalogue gives the status; this is only used for a code not yet in it
       * (which the catalogue test reports).
       */
      status?: number;
      details?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CardgateError';
    this.code = code;
    this.status = isCatalogued(code) ? statusOf(code) : (opts.status ?? 500);
    this.details = opts.details;
  }
}

export const isCardgateError = (e: unknown): e is CardgateError => e instanceof CardgateError;

/** Configuration that fails validation: the CLI exits with code 2 on it. */
export class ConfigError extends CardgateError {
  readonly path: string;
  constructor(path: string, reason: string) {
    super('CONFIG_INVALID', `config ${path || '/'}: ${reason}`, { details: { path, reason } });
    this.name = 'ConfigError';
    this.path = path;
  }
}
