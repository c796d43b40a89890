import type { EventEmitter } from 'node:events';
import { DeviceError } from '../drivers/device/errors.js';

/** Every error the board bridge reports; the catalogue knows each as `BOARD_<code>`. */
export const BOARD_ERROR_CODES = ['HANDSHAKE_TIMEOUT', 'PORT_CLOSED', 'OFFLINE'] as const;
export type BoardErrorCode = (typeof BOARD_ERROR_CODES)[number];

export class BoardError extends DeviceError<BoardErrorCode> {
  constructor(code: BoardErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super('board', code, message, opts);
    this.name = 'BoardError';
  }
}

export type TowerLight = 'off' | 'green' | 'amber' | 'red' | 'red-blink';

export interface BoardReadings {
  doorOpen: boolean | null;
  hopperLow: boolean | null;
  temperatureC: number | null;
  humidityPercent: number | null;
}

export interface StationBoardEvents {
  connection: [{ connected: boolean; reason?: string }];
  readings: [BoardReadings];
  door: [{ open: boolean }];
  hopperLow: [{ low: boolean }];
}

/** The station board as the gateway sees it; johnny-five and Firmata stay behind this. */
export interface StationBoard extends EventEmitter<StationBoardEvents> {
  readonly id: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  connected(): boolean;
  setLight(light: TowerLight): void;
  beep(pattern: 'fault' | 'attention' | 'ok'): void;
  readings(): BoardReadings;
}
