import { open, readdir, readFile, unlink, mkdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from '../storage/durable-file.js';

/**
 * Store-and-forward queue for everything that must reach the data centre (counters, events,
 * command replies, diagnostics).
 *
 * On disk: append-only JSON-lines segments `seg-<first id>.jsonl` plus `state.json` holding the
 * acknowledged watermark (every id ≤ it was PUBACKed or superseded). Appends are written and
 * fsynced in batches (every `fsyncIntervalMs`, or sooner when many are waiting) to spare the
 * flash; an entry becomes publishable only once its batch is on disk. A segment is deleted once
 * every entry in it is below the watermark. The watermark is persisted in the same batches, so
 * after a crash at most one batch of already-delivered entries is sent again (the receiver drops
 * them by bootId + seq).
 *
 * Bound: counters and events are never dropped. Above `maxMessages`, a new counters snapshot
 * supersedes the newest unsent one (a snapshot carries every total, so nothing is lost); events
 * and replies keep being stored and `overLimit` is reported in health until the backlog drains.
 */

export interface OutboxEntry {
  id: number;
  /** Topic below the station base, e.g. `events` or `reply/rebirth`. */
  topic: string;
  retain: boolean;
  payload: Record<string, unknown>;
  /** Entries of the same key may supersede each other when over the limit ('counters'). */
  coalesce?: string;
  /** Held back (offline, loaded from disk, or in flight when the link dropped): publish as historical. */
  deferred: boolean;
  durable: boolean;
  sent: boolean;
  done: boolean;
}

interface Line {
  id: number;
  t: string;
  r: boolean;
  p: Record<string, unknown>;
  c?: string;
  /** Id this entry supersedes. */
  x?: number;
}

export interface OutboxOptions {
  dir: string;
  maxMessages: number;
  fsyncIntervalMs?: number;
  segmentEntries?: number;
  onError?: (error: unknown) => void;
}

const SEG_RE = /^seg-(\d{12})\.jsonl$/;
const segName = (firstId: number) => `seg-${String(firstId).padStart(12, '0')}.jsonl`;

export class Outbox {
  readonly #dir: string;
  readonly #max: number;
  readonly #fsyncMs: number;
  readonly #segEntries: number;
  readonly #onError: (e: unknown) => void;
  #queue: OutboxEntry[] = [];
  #head = 0;
  #nextId = 1;
  #ackedThrough = 0;
  #persistedAck = 0;
  /** Closed segments: first id → last id. */
  #segments = new Map<number, number>();
  #fh: FileHandle | undefined;
  #segFirst = 0;
  #segCount = 0;
  #buffer: { line: string; entry: OutboxEntry }[] = [];
  #waiters: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #closed = false;
  /** Called when entries became durable (publishable). */
  onDurable: () => void = () => {};

  private constructor(opts: OutboxOptions) {
    this.#dir = opts.dir;
    this.#max = opts.maxMessages;
    this.#fsyncMs = opts.fsyncIntervalMs ?? 100;
    this.#segEntries = opts.segmentEntries ?? 5000;
    this.#onError = opts.onError ?? (() => {});
  }

  static async open(opts: OutboxOptions): Promise<Outbox> {
    const box = new Outbox(opts);
    await box.#load();
    return box;
  }

  get depth(): number {
    let n = 0;
    for (let i = this.#head; i < this.#queue.length; i++) if (!this.#queue[i]!.done) n++;
    return n;
  }

  get overLimit(): boolean {
    return this.#queue.length - this.#head > this.#max;
  }

  /** Store an entry; resolves once it is on disk. */
  append(e: {
    topic: string;
    retain: boolean;
    payload: Record<string, unknown>;
    coalesce?: string;
    deferred: boolean;
  }): Promise<OutboxEntry> {
    if (this.#closed) return Promise.reject(new Error('outbox closed'));
    const entry: OutboxEntry = { id: this.#nextId++, ...e, durable: false, sent: false, done: false };
    const line: Line = { id: entry.id, t: entry.topic, r: entry.retain, p: entry.payload };
    if (e.coalesce) {
      line.c = e.coalesce;
      if (this.overLimit) {
        const prev = this.#lastUnsent(e.coalesce);
        if (prev) {
          prev.done = true;
          line.x = prev.id;
        }
      }
    }
    this.#queue.push(entry);
    this.#buffer.push({ line: JSON.stringify(line) + '\n', entry });
    const written = new Promise<OutboxEntry>((resolve) => this.#waiters.push(() => resolve(entry)));
    if (this.#buffer.length >= 2000) void this.flush();
    else this.#flushSoon();
    return written;
  }

  /** Next durable, unsent entries in order (at most `max`), marked as sent. */
  takeUnsent(max: number): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (let i = this.#head; i < this.#queue.length && out.length < max; i++) {
      const e = this.#queue[i]!;
      if (!e.durable) break;
      if (e.done || e.sent) continue;
      e.sent = true;
      out.push(e);
    }
    return out;
  }

  /** The link dropped: whatever was in flight is sent again, as historical. */
  resetUnsent(): void {
    for (let i = this.#head; i < this.#queue.length; i++) {
      const e = this.#queue[i]!;
      if (!e.done) {
        if (e.sent) e.deferred = true;
        e.sent = false;
      }
    }
  }

  /** Mark every queued entry historical (used when the link is down). */
  markDeferred(): void {
    for (let i = this.#head; i < this.#queue.length; i++) this.#queue[i]!.deferred = true;
  }

  ack(entry: OutboxEntry): void {
    entry.done = true;
    while (this.#head < this.#queue.length && this.#queue[this.#head]!.done) {
      this.#ackedThrough = this.#queue[this.#head]!.id;
      this.#head++;
    }
    if (this.#head > 4096) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    if (this.#ackedThrough !== this.#persistedAck) this.#flushSoon();
  }

  /**
   * A flush after fsyncMs. The handle is cleared when the timer fires: a fired timer left in
   * #timer (its flush joined one already running, which found nothing more to do) would stop
   * every later append from scheduling one, and those appends would never resolve.
   */
  #flushSoon(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#fsyncMs);
  }

  /** Write and fsync the pending batch, persist the watermark, delete delivered segments. */
  flush(): Promise<void> {
    if (this.#flushing)
      return this.#flushing.then(() =>
        this.#buffer.length || this.#ackedThrough !== this.#persistedAck ? this.flush() : undefined,
      );
    this.#flushing = this.#doFlush()
      .catch((e) => this.#onError(e))
      .finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#fh?.close();
    this.#fh = undefined;
  }

  #lastUnsent(key: string): OutboxEntry | undefined {
    for (let i = this.#queue.length - 1; i >= this.#head; i--) {
      const e = this.#queue[i]!;
      if (e.coalesce === key && !e.done && !e.sent) return e;
    }
    return undefined;
  }

  async #doFlush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#buffer;
    const waiters = this.#waiters;
    this.#buffer = [];
    this.#waiters = [];
    let i = 0;
    while (i < batch.length) {
      if (!this.#fh || this.#segCount >= this.#segEntries) await this.#rotate(batch[i]!.entry.id);
      const room = this.#segEntries - this.#segCount;
      const part = batch.slice(i, i + room);
      await this.#fh!.write(part.map((b) => b.line).join(''));
      this.#segCount += part.length;
      i += part.length;
      if (this.#segCount >= this.#segEntries || i === batch.length) await this.#fh!.sync();
    }
    for (const b of batch) b.entry.durable = true;
    for (const w of waiters) w();
    if (batch.length) this.onDurable();
    if (this.#ackedThrough !== this.#persistedAck) {
      const acked = this.#ackedThrough;
      await writeFileDurable(join(this.#dir, 'state.json'), JSON.stringify({ ackedThrough: acked }));
      this.#persistedAck = acked;
      for (const [first, last] of this.#segments) {
        if (last <= acked) {
          await unlink(join(this.#dir, segName(first))).catch(() => {});
          this.#segments.delete(first);
        }
      }
    }
  }

  async #rotate(firstId: number): Promise<void> {
    if (this.#fh) {
      await this.#fh.sync();
      await this.#fh.close();
      this.#segments.set(this.#segFirst, this.#segFirst + this.#segCount - 1);
    }
    this.#segFirst = firstId;
    this.#segCount = 0;
    this.#fh = await open(join(this.#dir, segName(firstId)), 'a', 0o600);
  }

  async #load(): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    try {
      const st = JSON.parse(await readFile(join(this.#dir, 'state.json'), 'utf8')) as {
        ackedThrough?: number;
      };
      this.#ackedThrough = this.#persistedAck = Number(st.ackedThrough) || 0;
    } catch {
      // no state yet: nothing acknowledged
    }
    const files = (await readdir(this.#dir)).filter((f) => SEG_RE.test(f)).sort();
    const byId = new Map<number, OutboxEntry>();
    let maxId = this.#ackedThrough;
    for (const f of files) {
      const first = Number(SEG_RE.exec(f)![1]);
      const text = await readFile(join(this.#dir, f), 'utf8');
      let last = first - 1;
      for (const raw of text.split('\n')) {
        if (!raw) continue;
        let line: Line;
        try {
          line = JSON.parse(raw) as Line;
        } catch {
          continue; // a torn last line from a power cut: its batch was never acknowledged as durable
        }
        last = Math.max(last, line.id);
        maxId = Math.max(maxId, line.id);
        if (line.x !== undefined) {
          const prev = byId.get(line.x);
          if (prev) prev.done = true;
        }
        if (line.id <= this.#ackedThrough) continue;
        const entry: OutboxEntry = {
          id: line.id,
          topic: line.t,
          retain: line.r,
          payload: line.p,
          ...(line.c ? { coalesce: line.c } : {}),
          deferred: true,
          durable: true,
          sent: false,
          done: false,
        };
        byId.set(entry.id, entry);
        this.#queue.push(entry);
      }
      this.#segments.set(first, last);
    }
    this.#nextId = maxId + 1;
    // Superseded entries at the head count as delivered.
    while (this.#head < this.#queue.length && this.#queue[this.#head]!.done)
      this.#ackedThrough = this.#queue[this.#head++]!.id;
  }
}
