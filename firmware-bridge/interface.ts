import type { EventEmitter } from 'node:events';

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
