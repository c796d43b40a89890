import type { ByteTransport } from '../../transport/types.js';
import type { Levels, PanelName } from './bitmap-codec.js';
import type { PanelEncodeOptions } from './panels.js';

export interface PrinterLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EvolisPrinterOptions {
  id: string;
  transport: ByteTransport;
  commandTimeoutMs: number;
  /** 0 disables idle status polling. */
  pollIntervalMs: number;
  logger?: PrinterLogger;
  /** Ribbon used when a job names none. */
  ribbon?: string;
  colourLevels?: Levels;
  /** Level count per panel, overriding the defaults (colour: colourLevels, k and o: 2). */
  panelLevels?: Partial<Record<PanelName, Levels>>;
  encodeMode?: PanelEncodeOptions['mode'];
  /** Time-out of one panel download (the printer answers after printing it). Default 4 × commandTimeoutMs. */
  panelTimeoutMs?: number;
  /** Whether `ERR NEED CLEANING` stops printing (this family refuses to print until cleaned). Default true. */
  cleaningBlocksPrinting?: boolean;
  /** Switch the printer to ACK/NACK replies (`Pem;1`) on connect. */
  ackNack?: boolean;
  /** Reconnect back-off after the link drops. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Schedules the reconnect attempts (default setTimeout): tests record the back-off delays. */
  scheduleReconnect?: (fn: () => void, delayMs: number) => NodeJS.Timeout;
}
