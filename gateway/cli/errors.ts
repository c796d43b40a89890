import { CardgateError, ConfigError } from '../core/errors.js';

/** Prints one line for a failed command and returns the exit code: 2 for bad input or config, 1 otherwise. */
export function reportCliError(error: unknown): number {
  if (error instanceof ConfigError) {
    process.stderr.write(`cardgate: ${error.message}\n`);
    return 2;
  }
  if (error instanceof CardgateError) {
    process.stderr.write(`cardgate: ${error.code}: ${error.message}\n`);
    return error.status >= 400 && error.status < 500 ? 2 : 1;
  }
  const e = error as { code?: string; message?: string };
  process.stderr.write(`cardgate: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}\n`);
  return 1;
}
