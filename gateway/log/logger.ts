import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { REDACTION_CENSOR, redactBeyondPaths, redactionPaths } from './redaction.js';

export type { Logger } from 'pino';

export interface LoggerConfig {
  level: string;
  pretty: 'auto' | boolean;
}

export interface CreateLoggerOptions {
  /** Where lines go (default stdout); tests pass a stream and read it back. */
  destination?: DestinationStream;
  /** Whether stdout is a terminal (default process.stdout.isTTY), for `pretty: 'auto'`. */
  isTTY?: boolean;
}

/** pino options shared by the station logger and anything that builds its own (Fastify in tests). */
export function loggerOptions(config: Pick<LoggerConfig, 'level'>): LoggerOptions {
  return {
    level: config.level,
    base: { pid: process.pid },
    redact: { paths: redactionPaths(), censor: REDACTION_CENSOR },
    // Paths cover personal fields up to MAX_DEPTH; deeper ones are censored here.
    formatters: { log: redactBeyondPaths },
    serializers: {
      err: pino.stdSerializers.err,
    },
  };
}

/**
 * The station's one logger: JSON lines for machines, pino-pretty when a person watches a
 * terminal. Personal fields and credentials are redacted wherever they appear in a log object.
 */
export async function createLogger(config: LoggerConfig, opts: CreateLoggerOptions = {}): Promise<Logger> {
  const pretty = config.pretty === 'auto' ? (opts.isTTY ?? process.stdout.isTTY === true) : config.pretty;
  if (opts.destination) return pino(loggerOptions(config), opts.destination);
  if (pretty) {
    // In-process stream (no worker thread): start-up stays fast and lines keep their order.
    const { default: prettyStream } = await import('pino-pretty');
    return pino(loggerOptions(config), prettyStream({ colorize: true, translateTime: 'SYS:HH:MM:ss.l' }));
  }
  return pino(loggerOptions(config), pino.destination({ dest: 1, sync: true }));
}
