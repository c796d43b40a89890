import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoardEmulator, type BoardEmulator, type BoardEmulatorOptions } from './board-emulator.js';

export interface PtyBoardLink {
  /** The pty end the gateway opens as its board's serial port. */
  port: string;
  emulator: BoardEmulator;
  close(): Promise<void>;
}

/**
 * A socat pty pair with the emulator on one end: the emulated board behind a real kernel serial
 * device. Resolves null when socat is not installed (board-link.ts then uses an in-process line).
 */
export async function startPtyBoardLink(
  opts: {
    emulator?: Omit<BoardEmulatorOptions, 'serialPath'>;
    readyTimeoutMs?: number;
  } = {},
): Promise<PtyBoardLink | null> {
  const dir = await mkdtemp(join(tmpdir(), 'cardgate-board-'));
  const a = join(dir, 'gateway');
  const b = join(dir, 'board');
  // socat runs under a small shell that ends it when our stdin pipe closes, so the pair does not
  // outlive a gateway that is killed outright (SIGKILL leaves ordinary children orphaned).
  const socat = spawn(
    'sh',
    [
      '-c',
      'socat "$@" & p=$!; trap \'kill $p 2>/dev/null\' EXIT INT TERM; read _ignored; exit 0',
      'sh',
      '-d',
      '-d',
      `pty,raw,echo=0,link=${a}`,
      `pty,raw,echo=0,link=${b}`,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, PATH: process.env.PATH ?? '/usr/bin:/bin' } },
  );
  socat.stdin.on('error', () => {});
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
      if (/not found|No such file/.test(log)) {
        clearTimeout(timer);
        resolve(false);
      }
      if (log.includes('starting data transfer loop')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
  const stopSocat = async (): Promise<void> => {
    if (socat.exitCode === null && socat.signalCode === null && socat.pid !== undefined) {
      socat.stdin.end();
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
