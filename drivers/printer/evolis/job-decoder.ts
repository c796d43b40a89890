import { CommandStreamParser, type StreamCommand } from './command-stream.js';
import {
  BitmapFormatError,
  countInk,
  decodePanel,
  isLevels,
  PANEL_HEIGHT,
  PANEL_WIDTH,
  type Levels,
} from './bitmap-codec.js';

export interface DecodedPanel {
  panel: string;
  levels: Levels;
  width: number;
  height: number;
  inkDots: number;
  compressed: boolean;
  /** One value a dot (0..levels-1), PANEL_WIDTH × PANEL_HEIGHT, as the printer buffer holds it. */
  values: Uint8Array;
}

export interface DecodedSide {
  side: 'front' | 'back';
  panels: DecodedPanel[];
}

export interface DecodedJob {
  commands: string[];
  sides: DecodedSide[];
  /** NUL padding skipped between frames. */
  paddingBytes: number;
  /** Bytes that were not part of a command or padding (0 for a well-formed stream). */
  unexplainedBytes: number;
  problems: string[];
}

export class JobDecodeError extends Error {
  readonly code = 'JOB_DECODE';
  constructor(message: string) {
    super(message);
    this.name = 'JobDecodeError';
  }
}

/** Decode one bitmap command into dot values; throws JobDecodeError on malformed data. */
export function decodeBitmapCommand(cmd: StreamCommand): DecodedPanel {
  const [panel = '', levelsText = ''] = cmd.params;
  const levels = Number(levelsText);
  if (!isLevels(levels)) throw new JobDecodeError(`${cmd.name}: bad level count ${levelsText}`);
  try {
    // Four parameters: the guide's `Dbc;panel;levels;first-line;nbytes` form.
    const firstLine = cmd.name === 'Dbc' && cmd.params.length === 4 ? Number(cmd.params[2]) : 0;
    const values = decodePanel(cmd.data ?? new Uint8Array(0), levels, cmd.name === 'Dbc', firstLine);
    return {
      panel,
      levels,
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      inkDots: countInk(values),
      compressed: cmd.name === 'Dbc',
      values,
    };
  } catch (e) {
    if (e instanceof BitmapFormatError) throw new JobDecodeError(`${cmd.name};${panel}: ${e.message}`);
    throw e;
  }
}

/** Decode a whole captured job stream: the command names in order, and each side's panels. */
export function decodeJob(bytes: Uint8Array): DecodedJob {
  const parser = new CommandStreamParser();
  const { commands, problems } = parser.push(bytes);
  const sides: DecodedSide[] = [];
  let current: DecodedSide | null = null;
  const issues = problems.map((p) => `at ${p.offset}: ${p.message}`);
  for (const cmd of commands) {
    if (cmd.name === 'Sr' || cmd.name === 'Sv') {
      current = { side: cmd.name === 'Sr' ? 'front' : 'back', panels: [] };
      sides.push(current);
    } else if (cmd.name === 'Db' || cmd.name === 'Dbc') {
      if (!current) {
        // Panels before any side marker print on the front, as the printer does.
        current = { side: 'front', panels: [] };
        sides.push(current);
      }
      current.panels.push(decodeBitmapCommand(cmd));
    }
  }
  const explained = commands.reduce((n, c) => n + c.length, 0) + parser.paddingSkipped;
  return {
    commands: commands.map((c) => c.name),
    sides,
    paddingBytes: parser.paddingSkipped,
    unexplainedBytes: bytes.length - explained,
    problems: issues,
  };
}
