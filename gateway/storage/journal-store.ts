import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { AppendLog, parseLog } from './checksummed-log.js';
import { DurableJsonFile, writeFileDurable, readFileIfExists } from './durable-file.js';
import { CardgateError } from '../core/errors.js';

/**
 * Records grouped in partitions (small lowdb documents, e.g. one per day), behind a write-ahead
 * journal. A commit is ONE fsync'd journal line holding the new value of every record it changes,
 * so it costs the same whatever the history behind it. Partitions are rewritten (durably, whole)
 * at checkpoints; on open, the journal tail after the last checkpoint is replayed. After a crash
 * each record reads as its old or its new value, never a mix, and a multi-record commit is all or
 * nothing.
 */
export interface Change {
  partition: string;
  id: string;
  /** null deletes the record. */
  value: unknown;
}

interface JournalEntry {
  seq: number;
  at: number;
  changes: Change[];
}

interface Checkpoint {
  seq: number;
  segment: number;
  offset: number;
}

type PartitionData = Record<string, unknown>;

interface CachedPartition {
  low: Low<PartitionData>;
  dirty: boolean;
  used: number;
}

export interface JournalStoreOptions {
  /** Commits between checkpoints. */
  checkpointEvery?: number;
  /** Clean partitions kept in memory. */
  maxCachedPartitions?: number;
  /** A new journal segment starts at a checkpoint once the current one is this big. */
  segmentBytes?: number;
  now?: () => number;
}

const SEGMENT_RE = /^(\d{8})\.log$/;
const segName = (n: number): string => `${String(n).padStart(8, '0')}.log`;

export class JournalStore {
  readonly #dir: string;
  readonly #opts: Required<Omit<JournalStoreOptions, 'now'>> & { now: () => number };
  readonly #cache = new Map<string, CachedPartition>();
  #log!: AppendLog<JournalEntry>;
  #segment = 1;
  #seq = 0;
  #sinceCheckpoint = 0;
  #useCounter = 0;
  #chain: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** How many journal entries the last open replayed, and torn bytes it dropped (for tests and logs). */
  replayed = 0;
  droppedBytes = 0;

  private constructor(dir: string, opts: JournalStoreOptions) {
    this.#dir = dir;
    this.#opts = {
      checkpointEvery: opts.checkpointEvery ?? 256,
      maxCachedPartitions: opts.maxCachedPartitions ?? 16,
      segmentBytes: opts.segmentBytes ?? 8 * 1024 * 1024,
      now: opts.now ?? Date.now,
    };
  }

  static async open(dir: string, opts: JournalStoreOptions = {}): Promise<JournalStore> {
    const store = new JournalStore(dir, opts);
    await store.#recover();
    return store;
  }

  get seq(): number {
    return this.#seq;
  }

  async #recover(): Promise<void> {
    const cpBuf = await readFileIfExists(join(this.#dir, 'checkpoint.json'));
    const cp: Checkpoint = cpBuf
      ? (JSON.parse(cpBuf.toString('utf8')) as Checkpoint)
      : { seq: 0, segment: 1, offset: 0 };
    this.#seq = cp.seq;
    const journalDir = join(this.#dir, 'journal');
    let segments: number[] = [];
    try {
      segments = (await readdir(journalDir))
        .map((f) => SEGMENT_RE.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .map(Number)
        .filter((n) => n >= cp.segment)
        .sort((a, b) => a - b);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (segments.length === 0) segments = [cp.segment];
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      const path = join(journalDir, segName(seg));
      const start = seg === cp.segment ? cp.offset : 0;
      const last = i === segments.length - 1;
      if (last) {
        const { log, entries, droppedBytes } = await AppendLog.open<JournalEntry>(path, start);
        this.#log = log;
        this.droppedBytes = droppedBytes;
        await this.#replay(entries.map((e) => e.value));
      } else {
        const buf = await readFile(path);
        const parsed = parseLog<JournalEntry>(buf, start, path);
        if (parsed.torn)
          throw new CardgateError('STORAGE_CORRUPT', `${path}: torn line in a closed journal segment`);
        await this.#replay(parsed.entries.map((e) => e.value));
      }
      this.#segment = seg;
    }
    if (this.replayed > 0) await this.#checkpoint();
  }

  async #replay(entries: JournalEntry[]): Promise<void> {
    for (const entry of entries) {
      if (entry.seq <= this.#seq) continue;
      for (const ch of entry.changes) {
        const p = await this.#partition(ch.partition);
        if (ch.value === null) delete p.low.data[ch.id];
        else p.low.data[ch.id] = ch.value;
        p.dirty = true;
      }
      this.#seq = entry.seq;
      this.replayed++;
    }
  }

  #docPath(partition: string): string {
    if (!/^[a-z0-9][a-z0-9/_-]*$/i.test(partition) || partition.includes('..'))
      throw new CardgateError('STORAGE_BAD_PARTITION', `bad partition name ${partition}`);
    return join(this.#dir, 'docs', `${partition}.json`);
  }

  async #partition(name: string): Promise<CachedPartition> {
    let p = this.#cache.get(name);
    if (!p) {
      const low = new Low<PartitionData>(new DurableJsonFile<PartitionData>(this.#docPath(name)), {});
      await low.read();
      p = { low, dirty: false, used: 0 };
      this.#cache.set(name, p);
      this.#evict();
    }
    p.used = ++this.#useCounter;
    return p;
  }

  #evict(): void {
    const clean = [...this.#cache.entries()].filter(([, p]) => !p.dirty);
    if (clean.length <= this.#opts.maxCachedPartitions) return;
    clean.sort((a, b) => a[1].used - b[1].used);
    for (const [name] of clean.slice(0, clean.length - this.#opts.maxCachedPartitions))
      this.#cache.delete(name);
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async get<T>(partition: string, id: string): Promise<T | undefined> {
    const p = await this.#partition(partition);
    const v = p.low.data[id];
    return v === undefined ? undefined : (structuredClone(v) as T);
  }

  /** All records of a partition, in the order they were first written. */
  async list<T>(partition: string): Promise<T[]> {
    const p = await this.#partition(partition);
    return Object.values(p.low.data).map((v) => structuredClone(v) as T);
  }

  /** Partition names under a prefix (e.g. 'jobs/'), on disk or only in memory yet. */
  async partitions(prefix: string): Promise<string[]> {
    const names = new Set<string>();
    const dir = join(this.#dir, 'docs', prefix);
    try {
      for (const f of await readdir(dir)) if (f.endsWith('.json')) names.add(prefix + f.slice(0, -5));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const name of this.#cache.keys()) {
      if (name.startsWith(prefix) && !name.slice(prefix.length).includes('/')) names.add(name);
    }
    return [...names].sort();
  }

  /** Writes the changes as one durable journal entry; resolves once they survive a crash. */
  commit(changes: Change[]): Promise<number> {
    if (this.#closed) return Promise.reject(new CardgateError('STORAGE_CLOSED', 'store is closed'));
    const copy = structuredClone(changes);
    return this.#serial(async () => {
      // Load every touched partition before the commit point, so nothing can fail after it.
      // One at a time: two loads of the same uncached partition at once would make two copies,
      // and a change applied to the copy that lost the cache slot would be lost.
      const parts: CachedPartition[] = [];
      for (const c of copy) parts.push(await this.#partition(c.partition));
      const entry: JournalEntry = { seq: this.#seq + 1, at: this.#opts.now(), changes: copy };
      await this.#log.append(entry);
      this.#seq = entry.seq;
      copy.forEach((ch, i) => {
        const p = parts[i]!;
        if (ch.value === null) delete p.low.data[ch.id];
        else p.low.data[ch.id] = ch.value;
        p.dirty = true;
      });
      if (++this.#sinceCheckpoint >= this.#opts.checkpointEvery) await this.#checkpoint();
      return entry.seq;
    });
  }

  checkpoint(): Promise<void> {
    return this.#serial(() => this.#checkpoint());
  }

  async #checkpoint(): Promise<void> {
    for (const p of this.#cache.values()) {
      if (!p.dirty) continue;
      await p.low.write();
      p.dirty = false;
    }
    let cp: Checkpoint = { seq: this.#seq, segment: this.#segment, offset: this.#log.size };
    if (this.#log.size >= this.#opts.segmentBytes) {
      await this.#log.close();
      this.#segment++;
      const { log } = await AppendLog.open<JournalEntry>(join(this.#dir, 'journal', segName(this.#segment)));
      this.#log = log;
      cp = { seq: this.#seq, segment: this.#segment, offset: 0 };
    }
    await writeFileDurable(join(this.#dir, 'checkpoint.json'), JSON.stringify(cp));
    this.#sinceCheckpoint = 0;
    this.#evict();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.checkpoint();
    this.#closed = true;
    await this.#chain;
    await this.#log.close();
  }
}
