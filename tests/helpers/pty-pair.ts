import { mkdtempSync, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from './processes.js';

export interface PtyPair {
  a: string;
  b: string;
  socat: RunningProcess;
  close: () => Promise<void>;
}

/** A real pseudo-terminal pair through socat: our driver opens one end, an emulator the other. */
export async function startPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const socat = startProcess('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`]);
  const close = async (): Promise<void> => {
    await socat.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await socat.waitForOutput(/starting data transfer loop/, 10_000);
    if (!existsSync(a) || !existsSync(b)) throw new Error('socat did not create the pty links');
  } catch (e) {
    await close();
    throw e;
  }
  return { a, b, socat, close };
}
