import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoardEmulator, type BoardEmulator, type BoardEmulatorOptions } from './board-emulator.js';

export interface EmulatedBoardLink {
  /** The pty end the gateway opens as its board's serial port. */
  port: string;
  emulator: BoardEmulator;
  close(): Promise<void>;
}

/**
 * For `npm start` on a machine without a board: a socat pty pair with the emulator on one end.
 * Resolves null when socat is not installed (the station then reports its board offline).
 */
export async function startEmulatedBoardLink(
  opts: {
    socatPath?: string;
    emulator?: Omit<BoardEmulatorOptions, 'serialPath'>;
    readyTimeoutMs?: number;
  } = {},
): Promise<EmulatedBoardLink | null> {
  const dir = await mkdtemp(join(tmpdir(), 'cardgate-board-'));
  const a = join(dir, 'gateway');
  const b = join(dir, 'board');
  const socat = spawn(
    opts.socatPath ?? 'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((r) => socat.once('exit', () => r()));
  const ready = await new Promise<boolean>((resolve) => {
    let log = '';
    const timer = setTimeout(() => resolve(false), opts.readyTimeoutMs ?? 5000);
    socat.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    socat.stderr.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('starting data transfer loop')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
  const stopSocat = async (): Promise<void> => {
    if (socat.exitCode === null && socat.signalCode === null && socat.pid !== undefined) {
      socat.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  if (!ready) {
    await stopSocat();
    return null;
  }
  socat.stderr.resume();
  let emulator: BoardEmulator;
  try {
    emulator = await startBoardEmulator({ ...opts.emulator, serialPath: b });
  } catch (e) {
    await stopSocat();
    throw e;
  }
  return {
    port: a,
    emulator,
    async close() {
      await emulator.close();
      await stopSocat();
    },
  };
}
