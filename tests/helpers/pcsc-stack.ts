import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startProcess, waitFor, type RunningProcess } from './processes.js';

/**
 * The real smart-card stack for tests and the bench: pcscd (foreground child) with the vpcd
 * reader, and vicc's iso7816 card from a mended copy of its Python package (see
 * docs/stand-ins.md). Only one pcscd can run per machine: a lock file serialises our own users,
 * and a pcscd started by anyone else makes the start fail with a clear message.
 */
export const PCSCD_LOCK = '/tmp/cardgate-pcscd.lock';
export const VPCD_READER = 'Virtual PCD 00 00';
const VICC_PACKAGE = '/usr/lib/python3/site-packages/virtualsmartcard';
const CRYPTODOME = '/usr/lib/python3/dist-packages/Cryptodome';

const run = promisify(execFile);

/** The virtual JMRTD passport applet (TD1 BAC) on vicc's framework: scripts/vicc/jmrtd_card.py. */
export const JMRTD_CARD = fileURLToPath(new URL('../../scripts/vicc/jmrtd_card.py', import.meta.url));

/** vicc's own interpreter (its shebang): the one that has Debian's Cryptodome. */
export const VICC_PYTHON = '/usr/bin/python3';

/** Which virtual card `insertCard` starts: vicc's iso7816 file system or our JMRTD applet. */
export type VirtualCardType = 'iso7816' | 'jmrtd';

export interface PcscStack {
  readonly reader: string;
  /** Starts vicc (a blank card) and waits until the reader shows a card. */
  insertCard(): Promise<void>;
  /** SIGKILLs vicc (a card pulled out) and waits until the reader shows no card. */
  killCard(): Promise<void>;
  /** Stops pcscd (vicc ends with it) and waits for both to exit. */
  stopPcscd(): Promise<void>;
  /** Starts pcscd again and waits for the reader (no card: call insertCard). */
  startPcscd(): Promise<void>;
  cardInserted(): boolean;
  stop(): Promise<void>;
}

/** A copy of vicc's package with the three mends, in a temp folder the caller removes. */
export function prepareViccMend(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-vicc-'));
  cpSync(join(VICC_PACKAGE, 'virtualsmartcard'), join(dir, 'virtualsmartcard'), { recursive: true });
  symlinkSync(CRYPTODOME, join(dir, 'Crypto'));
  const file = join(dir, 'virtualsmartcard', 'VirtualSmartcard.py');
  const src = readFileSync(file, 'utf8');
  const bad = 'if le > len(data):';
  if (!src.includes(bad)) throw new Error(`vicc mend: "${bad}" not found in ${file}; package changed?`);
  writeFileSync(file, src.replace(bad, 'if le is not None and le > len(data):'));
  return dir;
}

/** Live pcscd processes (zombies left by earlier runs do not count). */
async function runningPcscd(): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,stat=,comm=']);
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, stat, comm]) => comm === 'pcscd' && !stat?.startsWith('Z'))
    .map(([pid]) => pid!);
}

async function listReaders(): Promise<string> {
  try {
    return (await run('opensc-tool', ['-l'], { timeout: 5000 })).stdout;
  } catch (e) {
    return (e as { stdout?: string }).stdout ?? '';
  }
}

const cardRow = (out: string, reader: string): boolean | undefined => {
  const line = out.split('\n').find((l) => l.includes(reader));
  if (!line) return undefined;
  return /^\s*\d+\s+Yes\b/.test(line);
};

/** Holds the lock through a `flock … cat` child: it is released when our stdin closes, even on a crash. */
async function takeLock(waitMs: number): Promise<ChildProcess> {
  const holder = spawn(
    'flock',
    ['-w', String(Math.ceil(waitMs / 1000)), PCSCD_LOCK, 'sh', '-c', 'echo locked; exec cat'],
    { stdio: ['pipe', 'pipe', 'ignore'] },
  );
  let out = '';
  holder.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(holder, 'exit');
  const got = await Promise.race([
    waitFor(() => out.includes('locked'), { timeoutMs: waitMs + 5000, intervalMs: 50 }).then(() => true),
    exited.then(() => false),
  ]);
  if (!got) {
    throw new Error(`another test or bench holds ${PCSCD_LOCK} (its pcscd is running); waited ${waitMs} ms`);
  }
  return holder;
}

export async function startPcscStack(
  opts: { lockWaitMs?: number; insertCard?: boolean; card?: VirtualCardType } = {},
): Promise<PcscStack> {
  const lock = await takeLock(opts.lockWaitMs ?? 45_000);
  const releaseLock = (): void => {
    lock.stdin?.end();
    lock.kill('SIGTERM');
  };
  let mendDir: string | undefined;
  let pcscd: RunningProcess | undefined;
  let vicc: RunningProcess | undefined;

  const startPcscd = async (): Promise<void> => {
    const others = await runningPcscd();
    if (others.length > 0) {
      throw new Error(
        `pcscd is already running (pid ${others.join(', ')}) outside this test: only one pcscd can run per machine; stop it first`,
      );
    }
    // vpcd's fixed ports (35963-35964) lie in the ephemeral range; scripts/install-system-deps
    // reserves them, and where that is not allowed a passing socket may hold one for a moment.
    for (let attempt = 1; ; attempt++) {
      pcscd = startProcess('pcscd', ['-f', '-i']);
      try {
        await waitFor(async () => cardRow(await listReaders(), VPCD_READER) !== undefined, {
          timeoutMs: 15_000,
          intervalMs: 100,
          what: `reader "${VPCD_READER}"`,
        });
        return;
      } catch (e) {
        const out = pcscd.output();
        if (attempt < 5 && out.includes('Address already in use')) {
          await pcscd.stop('SIGTERM');
          await new Promise((r) => setTimeout(r, 2000));
          continue;
        }
        throw new Error(`${(e as Error).message}\n--- pcscd ---\n${out.slice(-2000)}`);
      }
    }
  };

  const insertCard = async (): Promise<void> => {
    if (vicc && vicc.child.exitCode === null && vicc.child.signalCode === null) return;
    const env = { ...process.env, PYTHONPATH: mendDir };
    vicc =
      opts.card === 'jmrtd'
        ? startProcess(VICC_PYTHON, [JMRTD_CARD], { env })
        : startProcess('vicc', ['-t', 'iso7816'], { env });
    const v = vicc;
    await waitFor(async () => cardRow(await listReaders(), VPCD_READER) === true, {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'the vicc card in the reader',
    }).catch((e: Error) => {
      throw new Error(`${e.message}\n--- vicc ---\n${v.output().slice(-2000)}`);
    });
  };

  const killCard = async (): Promise<void> => {
    if (!vicc) return;
    await vicc.stop('SIGKILL');
    vicc = undefined;
    if (pcscd) {
      // (pcscd stopped meanwhile also means no card.)
      await waitFor(async () => cardRow(await listReaders(), VPCD_READER) !== true, {
        timeoutMs: 10_000,
        intervalMs: 100,
        what: 'the reader to show no card',
      });
    }
  };

  const stopPcscd = async (): Promise<void> => {
    if (pcscd) await pcscd.stop('SIGTERM');
    pcscd = undefined;
    if (vicc) {
      // vicc ends when pcscd goes; make sure of it.
      const v = vicc;
      await waitFor(() => v.child.exitCode !== null || v.child.signalCode !== null, {
        timeoutMs: 3000,
      }).catch(() => v.stop('SIGKILL'));
      vicc = undefined;
    }
  };

  const stop = async (): Promise<void> => {
    await vicc?.stop('SIGKILL').catch(() => {});
    vicc = undefined;
    await stopPcscd().catch(() => {});
    if (mendDir) rmSync(mendDir, { recursive: true, force: true });
    releaseLock();
  };

  try {
    mendDir = prepareViccMend();
    await startPcscd();
    if (opts.insertCard ?? true) await insertCard();
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    reader: VPCD_READER,
    insertCard,
    killCard,
    stopPcscd,
    startPcscd,
    cardInserted: () => vicc !== undefined,
    stop,
  };
}
