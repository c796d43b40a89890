import { ConfigError } from '../core/errors.js';
import type { Config } from './schema.js';

/**
 * The one place that decides which device runs as an emulator. The config spells it one way,
 * `emulated` in each device section (and camera entry); older spellings (`printer.url: emulator`,
 * `encoder.driver`, `board.port: emulator`, camera `kind: emulator`) are still read for this
 * release, each named in a deprecation line the station logs once at start.
 */
export interface EmulatorChoice {
  printer: boolean;
  /** 'auto': PC/SC when pcscd answers, otherwise the emulator. */
  encoder: boolean | 'auto';
  board: boolean;
  /** By camera id. */
  cameras: ReadonlyMap<string, boolean>;
  /** One line per old spelling found, for the start-up log. */
  deprecated: string[];
}

const EMULATOR = 'emulator';

export function emulatorChoice(config: Config): EmulatorChoice {
  const deprecated: string[] = [];
  const old = (path: string, use: string): void =>
    void deprecated.push(`config ${path}: deprecated spelling, use ${use}`);

  const { printer, encoder, board } = config;
  if (printer.url === EMULATOR) old('/printer/url: emulator', '/printer/emulated: true');
  if (encoder.driver !== undefined) old(`/encoder/driver: ${encoder.driver}`, '/encoder/emulated');
  if (board.port === EMULATOR) old('/board/port: emulator', '/board/emulated: true');

  const cameras = new Map<string, boolean>();
  config.cameras.forEach((c, i) => {
    if (c.kind === EMULATOR) old(`/cameras/${i}/kind: emulator`, `/cameras/${i}/emulated: true`);
    cameras.set(c.id, c.emulated ?? c.kind === EMULATOR);
  });

  return {
    printer: printerEmulated(printer),
    encoder: encoderEmulated(encoder),
    board: boardEmulated(board),
    cameras,
    deprecated,
  };
}

/** An address left out, or the old word 'emulator' in it, means the emulator. */
const noAddress = (address: string | undefined): boolean => address === undefined || address === EMULATOR;

export const printerEmulated = (c: Config['printer']): boolean => c.emulated ?? noAddress(c.url);

export const boardEmulated = (c: Config['board']): boolean => c.emulated ?? noAddress(c.port);

const FROM_DRIVER = { auto: 'auto', pcsc: false, emulator: true } as const;
export const encoderEmulated = (c: Config['encoder']): boolean | 'auto' =>
  c.emulated ?? (c.driver ? FROM_DRIVER[c.driver] : 'auto');

/** A real device's address (printer url, board port); a config without one is refused at start. */
export function realDeviceAddress(path: string, value: string | undefined): string {
  if (value === undefined || value === EMULATOR) {
    throw new ConfigError(path, 'emulated is false, so the device address is required');
  }
  return value;
}
