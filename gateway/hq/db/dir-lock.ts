import { open, readFile, rm } from 'node:fs/promises';
import { CardgateError } from '../../core/errors.js';

export interface DirLock {
  release(): Promise<void>;
}

const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock file holding this process's id, made with O_EXCL. A file left by a process that no
 * longer runs (killed, power cut) is taken over; one held by a live process is refused with
 * DB_IN_USE, so `cardgate hq user add` cannot open an embedded database a running HQ holds.
 */
export async function acquireDirLock(path: string): Promise<DirLock> {
  // The file names this process's id, so a second open in the same process is caught here.
  if (held.has(path))
    throw new CardgateError('DB_IN_USE', `the embedded database is already open in this process`, {
      details: { pid: process.pid },
    });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.sync();
      await handle.close();
      held.add(path);
      return {
        release: async () => {
          held.delete(path);
          await rm(path, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new CardgateError(
        'DB_IN_USE',
        `the embedded database is open in process ${holder} (stop that HQ, or use --db postgres://… while it runs)`,
        { details: { pid: holder } },
      );
    }
    // Stale (its process is gone) or unreadable: take it over.
    await rm(path, { force: true });
  }
  throw new CardgateError('DB_IN_USE', `could not take the lock ${path}`);
}
