import { chmod, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Files the emulator writes for each job: card images with photo, names and seal (personal data). */
const OUTPUT_FILE = /^job-\d+(-(front|back))?\.(png|json)$/;

export interface OutputRetention {
  /** Job files older than this are deleted (0 keeps nothing past the next purge; absent: no age limit). */
  retainMs?: number;
  /** At most this many job files are kept, newest first (absent: no limit). */
  maxFiles?: number;
}

/**
 * The emulator's output folder, treated as personal data: the folder is 0700, every file 0600
 * (created so, never widened from an older file's mode), and files are purged by age and count.
 */
export class EmulatorOutputs {
  readonly dir: string;
  readonly #retention: OutputRetention;
  readonly #now: () => number;

  constructor(dir: string, retention: OutputRetention = {}, now: () => number = Date.now) {
    this.dir = dir;
    this.#retention = retention;
    this.#now = now;
  }

  /** Create the folder (0700) now, so it exists, and is private, before the first card. */
  init(): Promise<void> {
    return this.#ensureDir();
  }

  async #ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700); // an older folder may have been made wider
  }

  /** Write one file, readable by the station's user only. */
  async write(name: string, data: string | Uint8Array): Promise<void> {
    await this.#ensureDir();
    const path = join(this.dir, name);
    // A file from an earlier run keeps its mode when rewritten: remove it, then create it 0600.
    await rm(path, { force: true });
    await writeFile(path, data, { mode: 0o600, flag: 'wx' });
  }

  /** Delete job files last written before `olderThan`; returns how many went. */
  async purgeOutputs(olderThan: Date): Promise<number> {
    const files = await this.#files();
    let n = 0;
    for (const f of files) {
      if (f.mtimeMs < olderThan.getTime()) n += await this.#remove(f.name);
    }
    return n;
  }

  /** Apply the retention setting (age, then count); returns how many files went. */
  async purge(): Promise<number> {
    let n = 0;
    if (this.#retention.retainMs !== undefined)
      n += await this.purgeOutputs(new Date(this.#now() - this.#retention.retainMs));
    const max = this.#retention.maxFiles;
    if (max !== undefined) {
      const files = (await this.#files()).sort((a, b) => b.mtimeMs - a.mtimeMs);
      for (const f of files.slice(max)) n += await this.#remove(f.name);
    }
    return n;
  }

  async #files(): Promise<{ name: string; mtimeMs: number }[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: { name: string; mtimeMs: number }[] = [];
    for (const name of names.filter((x) => OUTPUT_FILE.test(x))) {
      try {
        out.push({ name, mtimeMs: (await stat(join(this.dir, name))).mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
    return out;
  }

  async #remove(name: string): Promise<number> {
    await rm(join(this.dir, name), { force: true });
    return 1;
  }
}
