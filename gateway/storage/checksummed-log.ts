import { open, readFile, truncate, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { CardgateError } from '../core/errors.js';

/**
 * An append-only file of JSON lines, each prefixed with the CRC-32 of its JSON, so that a line
 * torn by a crash in the middle of an append is recognised and dropped instead of being read as
 * data. Every append is fsync'd before it resolves: a resolved append survives a power cut.
 */
export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

export interface ParsedLog<T> {
  entries: Array<{ value: T; end: number }>;
  /** Bytes of `buf` (from `start`) that hold complete, valid lines. */
  validEnd: number;
  /** A torn last line was found (and must be cut off before appending again). */
  torn: boolean;
}

export function parseLog<T>(buf: Buffer, start = 0, source = 'log'): ParsedLog<T> {
  const entries: Array<{ value: T; end: number }> = [];
  let pos = start;
  while (pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl === -1) return { entries, validEnd: pos, torn: true };
    const line = buf.subarray(pos, nl).toString('utf8');
    const value = checkLine<T>(line);
    if (value === undefined) {
      // Only the last line can be torn by a crash during an fsync'd append; anything else is damage.
      if (nl + 1 >= buf.length) return { entries, validEnd: pos, torn: true };
      throw new CardgateError('STORAGE_CORRUPT', `${source}: bad checksum at byte ${pos}`, {
        details: { source, offset: pos },
      });
    }
    entries.push({ value, end: nl + 1 });
    pos = nl + 1;
  }
  return { entries, validEnd: pos, torn: false };
}

function checkLine<T>(line: string): T | undefined {
  const sp = line.indexOf(' ');
  if (sp !== 8) return undefined;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

export class AppendLog<T = unknown> {
  #fh: FileHandle;
  #size: number;
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    fh: FileHandle,
    size: number,
  ) {
    this.#fh = fh;
    this.#size = size;
  }

  /** Opens (creating) the log, returns its valid entries from `start` and cuts off a torn tail. */
  static async open<T>(
    path: string,
    start = 0,
  ): Promise<{ log: AppendLog<T>; entries: Array<{ value: T; end: number }>; droppedBytes: number }> {
    await mkdir(dirname(path), { recursive: true });
    let buf: Buffer;
    try {
      buf = await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      buf = Buffer.alloc(0);
    }
    const parsed = parseLog<T>(buf, Math.min(start, buf.length), path);
    let droppedBytes = 0;
    if (parsed.torn) {
      droppedBytes = buf.length - parsed.validEnd;
      await truncate(path, parsed.validEnd);
    }
    const fh = await open(path, 'a', 0o600);
    if (parsed.torn) await fh.sync();
    return { log: new AppendLog<T>(path, fh, parsed.validEnd), entries: parsed.entries, droppedBytes };
  }

  get size(): number {
    return this.#size;
  }

  /** Appends the values as one write and fsyncs; resolves when they are on disk. */
  append(...values: T[]): Promise<number> {
    const run = this.#chain.then(async () => {
      const data = Buffer.from(values.map(encodeLine).join(''), 'utf8');
      await this.#fh.write(data);
      await this.#fh.datasync();
      this.#size += data.length;
      return this.#size;
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.#chain;
    await this.#fh.close();
  }
}
