import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Value } from 'typebox/value';
import {
  DocumentStatusChange,
  type AnnouncedStatusT,
  type DocumentStatusChangeT,
} from '../telemetry/contract/index.js';

/** Where a station keeps HQ's status changes: number, status, time and HQ's change number only. */
export const statusListPath = (dataDir: string): string => join(dataDir, 'revocation', 'status-list.jsonl');

export interface StatusEntry {
  number: string;
  status: AnnouncedStatusT;
  /** When HQ recorded the change. */
  at: string;
  seq: number;
}

/**
 * The station's local status list: every document status change HQ announced (revoked, lost,
 * voided, replaced), so the verify page answers offline and an operator re-issuing a revoked
 * document is warned. Append-only JSON lines, fsynced before a batch is acknowledged; a torn last
 * line (power cut mid-write) is dropped at open, and the file is rewritten with one line per
 * document. Applying is idempotent: for each number the change with the highest `seq` wins, so
 * a batch HQ resends (it did not see the reply) changes nothing.
 */
export class StatusList {
  readonly #entries = new Map<string, StatusEntry>();
  #file: FileHandle | undefined;
  #highestSeq = 0;
  #updatedAt: string | null = null;
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(readonly path: string) {}

  static async open(dataDir: string): Promise<StatusList> {
    const list = new StatusList(statusListPath(dataDir));
    await mkdir(dirname(list.path), { recursive: true, mode: 0o700 });
    let text = '';
    try {
      text = await readFile(list.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const parsed = JSON.parse(line) as unknown;
        const entry = (parsed as { change?: unknown }).change;
        if (Value.Check(DocumentStatusChange, entry)) list.#take(entry);
        const at = (parsed as { updatedAt?: unknown }).updatedAt;
        if (typeof at === 'string' && (!list.#updatedAt || at > list.#updatedAt)) list.#updatedAt = at;
      } catch {
        // a torn line: its batch was never acknowledged, so HQ sends it again
      }
    }
    const tmp = `${list.path}.tmp`;
    const out = await open(tmp, 'w', 0o600);
    await out.writeFile([...list.#entries.values()].map((e) => list.#line(e, list.#updatedAt)).join(''));
    await out.sync();
    await out.close();
    await rename(tmp, list.path);
    list.#file = await open(list.path, 'a', 0o600);
    return list;
  }

  #line(e: StatusEntry, updatedAt: string | null): string {
    const change: DocumentStatusChangeT = { seq: e.seq, number: e.number, status: e.status, at: e.at };
    return JSON.stringify({ change, ...(updatedAt ? { updatedAt } : {}) }) + '\n';
  }

  #take(c: DocumentStatusChangeT): boolean {
    if (c.seq > this.#highestSeq) this.#highestSeq = c.seq;
    const cur = this.#entries.get(c.number);
    if (cur && cur.seq >= c.seq) return false;
    this.#entries.set(c.number, { number: c.number, status: c.status, at: c.at, seq: c.seq });
    return true;
  }

  /** Durable before it resolves; answers how many changes were new and the highest `seq` held. */
  apply(
    changes: readonly DocumentStatusChangeT[],
    now: Date,
  ): Promise<{ applied: number; highestSeq: number }> {
    const run = async () => {
      const file = this.#file;
      if (!file) throw new Error('the status list is closed');
      const updatedAt = now.toISOString();
      const fresh = changes.filter((c) => (this.#entries.get(c.number)?.seq ?? 0) < c.seq);
      await file.appendFile(
        fresh.map((c) => this.#line(c, updatedAt)).join('') || JSON.stringify({ updatedAt }) + '\n',
      );
      await file.sync();
      let applied = 0;
      for (const c of fresh) if (this.#take(c)) applied++;
      this.#updatedAt = updatedAt;
      return { applied, highestSeq: this.#highestSeq };
    };
    const next = this.#chain.then(run, run);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  get(number: string): StatusEntry | null {
    return this.#entries.get(number) ?? null;
  }

  get highestSeq(): number {
    return this.#highestSeq;
  }

  /** When HQ last sent changes (null: never since the list was made). */
  get updatedAt(): string | null {
    return this.#updatedAt;
  }

  get size(): number {
    return this.#entries.size;
  }

  async close(): Promise<void> {
    await this.#chain;
    await this.#file?.close();
    this.#file = undefined;
  }
}
