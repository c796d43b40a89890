import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';
import { CardgateError } from '../core/errors.js';
import { addKey, retireOldKeys, type Keyring } from './keyring.js';
import { keyIdOfBlob, open, seal } from './seal.js';

/**
 * Person records, photos, vulnerability details (special-category data) and card artefacts (seal, EF.SOD) of jobs, sealed with AES-256-GCM, one file each under
 * <dataDir>/personal. Retention deletes them; the job record itself holds no personal data.
 */
export type PersonalKind = 'person' | 'photo' | 'protection' | 'artefacts';
const KINDS: readonly PersonalKind[] = ['person', 'photo', 'protection', 'artefacts'];

export class PersonalStore {
  #ring: Keyring;
  constructor(
    readonly dir: string,
    ring: Keyring,
  ) {
    this.#ring = ring;
  }

  get keyId(): string {
    return this.#ring.currentId;
  }

  #path(jobId: string, kind: PersonalKind): string {
    if (!/^[A-Za-z0-9-]+$/.test(jobId))
      throw new CardgateError('JOB_ID_INVALID', 'bad job id', { status: 400 });
    return join(this.dir, `${jobId}.${kind}`);
  }

  async put(jobId: string, kind: PersonalKind, data: Uint8Array): Promise<void> {
    await this.#ring.unlock();
    await writeFileDurable(this.#path(jobId, kind), seal(this.#ring, data, `${jobId}:${kind}`));
  }

  async get(jobId: string, kind: PersonalKind): Promise<Buffer | null> {
    const blob = await readFileIfExists(this.#path(jobId, kind));
    if (blob) await this.#ring.unlock();
    return blob && open(this.#ring, blob, `${jobId}:${kind}`);
  }

  async putJson(jobId: string, value: unknown): Promise<void> {
    await this.put(jobId, 'person', Buffer.from(JSON.stringify(value), 'utf8'));
  }

  async getJson<T>(jobId: string): Promise<T | null> {
    const buf = await this.get(jobId, 'person');
    return buf && (JSON.parse(buf.toString('utf8')) as T);
  }

  async remove(jobId: string): Promise<void> {
    for (const kind of KINDS) {
      await unlink(this.#path(jobId, kind)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
  }

  /** New key, every blob re-sealed with it, old keys retired. Returns how many blobs were re-sealed. */
  async rotate(newKey?: Buffer): Promise<{ keyId: string; resealed: number }> {
    const ring = await addKey(this.#ring, newKey);
    let resealed = 0;
    let files: string[] = [];
    try {
      files = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const f of files) {
      const m = /^([A-Za-z0-9-]+)\.(person|photo|protection|artefacts)$/.exec(f);
      if (!m) continue;
      const path = join(this.dir, f);
      const blob = await readFileIfExists(path);
      if (!blob || keyIdOfBlob(blob) === ring.currentId) continue;
      const aad = `${m[1]}:${m[2]}`;
      await writeFileDurable(path, seal(ring, open(ring, blob, aad), aad));
      resealed++;
    }
    this.#ring = await retireOldKeys(ring);
    return { keyId: this.#ring.currentId, resealed };
  }
}
