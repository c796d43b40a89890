import { startBoardEmulator, type BoardEmulator, type BoardEmulatorOptions } from './board-emulator.js';
import { createMemoryLine } from './memory-line.js';
import { startPtyBoardLink } from './pty-link.js';
import type { SerialPortFactory } from '../station-board.js';

export type BoardLineKind = 'pty' | 'memory';

export interface EmulatedBoardLink {
  /** The path the gateway's station board opens. */
  port: string;
  /** 'pty': a socat pty pair (a kernel serial device); 'memory': a line inside this process. */
  line: BoardLineKind;
  /** Pass to createStationBoard: opens `port` on this link (needed for a 'memory' line). */
  serialPortFactory?: SerialPortFactory;
  emulator: BoardEmulator;
  close(): Promise<void>;
}

/**
 * The emulated station board for `npm start`: on a socat pty pair when socat is installed (the
 * gateway then uses the same native serial code as for a real board), otherwise on an in-process
 * line, so a machine with only Node.js still gets a working board. `line` forces one of them.
 */
export async function startEmulatedBoardLink(
  opts: {
    line?: BoardLineKind | 'auto';
    emulator?: Omit<BoardEmulatorOptions, 'serialPath' | 'serialPortFactory'>;
    readyTimeoutMs?: number;
  } = {},
): Promise<EmulatedBoardLink> {
  const want = opts.line ?? 'auto';
  if (want !== 'memory') {
    const pty = await startPtyBoardLink(opts);
    if (pty) return { ...pty, line: 'pty' };
    if (want === 'pty') throw new Error('socat not available: cannot make a pty pair for the board emulator');
  }
  const line = createMemoryLine();
  const emulator = await startBoardEmulator({
    ...opts.emulator,
    serialPath: line.paths.board,
    serialPortFactory: (o) => line.open(o.path, o),
  });
  return {
    port: line.paths.gateway,
    line: 'memory',
    serialPortFactory: (o) => line.open(o.path, o),
    emulator,
    close: () => emulator.close(),
  };
}
