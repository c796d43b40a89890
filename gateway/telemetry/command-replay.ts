import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Ids (`jti`) of the signed commands this station accepted, kept on disk until each expires, so a
 * command captured on the wire is refused when sent again, also after a restart. Append-only
 * JSON lines, each fsynced before the command runs; rewritten without the expired ones at open.
 */
export class SeenCommandIds {
  readonly #seen = new Map<string, number>();
  #file: FileHandle | undefined;

  private constructor(readonly path: string) {}

  /** `now` in milliseconds since the epoch. */
  static async open(path: string, now: number): Promise<SeenCommandIds> {
    const s = new SeenCommandIds(path);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const line of text.split('\n')) {
      try {
        const { jti, exp } = JSON.parse(line) as { jti?: unknown; exp?: unknown };
        // A torn last line (power cut mid-write) is skipped: its command never ran.
        if (typeof jti === 'string' && typeof exp === 'number' && exp * 1000 > now) s.#seen.set(jti, exp);
      } catch {
        // not a complete line
      }
    }
    // Compact: write the live ids to a new file and swap it in atomically.
    const tmp = `${path}.tmp`;
    const out = await open(tmp, 'w', 0o600);
    await out.writeFile([...s.#seen].map(([jti, exp]) => JSON.stringify({ jti, exp }) + '\n').join(''));
    await out.sync();
    await out.close();
    await rename(tmp, path);
    s.#file = await open(path, 'a', 0o600);
    return s;
  }

  has(jti: string): boolean {
    return this.#seen.has(jti);
  }

  get size(): number {
    return this.#seen.size;
  }

  /** Durable before it resolves: a crash after this never lets the same command run twice. */
  async remember(jti: string, exp: number, now: number): Promise<void> {
    if (!this.#file) throw new Error('seen command ids are closed');
    for (const [id, e] of this.#seen) if (e * 1000 <= now) this.#seen.delete(id);
    this.#seen.set(jti, exp);
    await this.#file.appendFile(JSON.stringify({ jti, exp }) + '\n');
    await this.#file.sync();
  }

  async close(): Promise<void> {
    await this.#file?.close();
    this.#file = undefined;
  }
}
