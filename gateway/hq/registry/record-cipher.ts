import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { CardgateError } from '../../core/errors.js';
import { KEY_LABELS, type KeyStore } from '../../keys/key-store.js';
import type { Database, Queryable } from '../db/database.js';

export interface Sealed {
  keyId: string;
  /** 12-byte nonce ‖ ciphertext ‖ 16-byte tag. */
  bytes: Buffer;
}

interface KeyRow {
  id: string;
  purpose: 'data' | 'index';
  kek_label: string;
  wrapped: Buffer;
  retired_at: Date | null;
}

/**
 * Envelope encryption of the registry's personal data, as at the station: each record is sealed
 * with AES-256-GCM under a data key; data keys live in `registry_keys` only wrapped by a KEK in
 * the key store (KEY_LABELS.hqRecordKek by default; a token in production), so the database alone
 * opens nothing. The record id is the additional data: a sealed blob moved to another row does
 * not open. Rotation: `rotateDataKey()` seals new records under a fresh key (old ones still open),
 * `resealOld()` moves records off retired keys, `rewrap(newKek)` re-wraps every data key under a
 * new KEK so the old KEK can be destroyed. The blind-index key is a second secret wrapped the
 * same way (rotating it would mean recomputing every index: not offered).
 */
export class RecordCipher {
  /** Clear data keys by id, unwrapped once per process. */
  readonly #clear = new Map<string, Buffer>();
  #current: string | undefined;
  #indexKey: Buffer | undefined;

  constructor(
    readonly db: Database,
    readonly keys: KeyStore,
    readonly kekLabel: string = KEY_LABELS.hqRecordKek,
  ) {}

  async #ensureKek(label: string): Promise<void> {
    if (await this.keys.has(label)) return;
    try {
      await this.keys.createWrappingKey(label);
    } catch (e) {
      // Made at the same moment by another part or replica.
      if ((e as CardgateError).code !== 'KEY_EXISTS') throw e;
    }
  }

  async #unwrap(row: KeyRow): Promise<Buffer> {
    const have = this.#clear.get(row.id);
    if (have) return have;
    const clear = Buffer.from(await this.keys.unwrap(row.kek_label, row.wrapped));
    this.#clear.set(row.id, clear);
    return clear;
  }

  async #newKey(purpose: 'data' | 'index'): Promise<KeyRow> {
    await this.#ensureKek(this.kekLabel);
    const clear = randomBytes(32);
    const row: KeyRow = {
      id: `${purpose === 'data' ? 'dk' : 'ix'}-${randomUUID()}`,
      purpose,
      kek_label: this.kekLabel,
      wrapped: Buffer.from(await this.keys.wrap(this.kekLabel, clear)),
      retired_at: null,
    };
    await this.db.query(
      'INSERT INTO registry_keys (id, purpose, kek_label, wrapped) VALUES ($1, $2, $3, $4)',
      [row.id, purpose, row.kek_label, row.wrapped],
    );
    this.#clear.set(row.id, clear);
    return row;
  }

  /**
   * The one active key of a purpose, made when there is none. Replicas racing to make the first
   * one each insert theirs; the oldest active wins for everyone (the others' stay retired-free but
   * unused until a rotation retires all but the newest).
   */
  async #active(purpose: 'data' | 'index'): Promise<KeyRow> {
    const find = () =>
      this.db.query<KeyRow>(
        `SELECT id, purpose, kek_label, wrapped, retired_at FROM registry_keys
          WHERE purpose = $1 AND retired_at IS NULL ORDER BY created_at DESC, id LIMIT 1`,
        [purpose],
      );
    const [row] = await find();
    if (row) return row;
    await this.db.transaction(async (tx) => {
      // One maker at a time: the first key of a purpose is made once.
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [REGISTRY_KEY_LOCK]);
      const [again] = await tx.query<{ id: string }>(
        'SELECT id FROM registry_keys WHERE purpose = $1 AND retired_at IS NULL LIMIT 1',
        [purpose],
      );
      if (!again) await this.#insertIn(tx, purpose);
    });
    const [made] = await find();
    return made!;
  }

  async #insertIn(tx: Queryable, purpose: 'data' | 'index'): Promise<void> {
    await this.#ensureKek(this.kekLabel);
    const clear = randomBytes(32);
    const id = `${purpose === 'data' ? 'dk' : 'ix'}-${randomUUID()}`;
    await tx.query('INSERT INTO registry_keys (id, purpose, kek_label, wrapped) VALUES ($1, $2, $3, $4)', [
      id,
      purpose,
      this.kekLabel,
      Buffer.from(await this.keys.wrap(this.kekLabel, clear)),
    ]);
    this.#clear.set(id, clear);
  }

  async seal(plain: Buffer, aad: string): Promise<Sealed> {
    if (!this.#current) this.#current = (await this.#active('data')).id;
    const keyId = this.#current;
    const key = await this.#keyById(keyId);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { keyId, bytes: Buffer.concat([iv, body, cipher.getAuthTag()]) };
  }

  async open(sealed: Sealed, aad: string): Promise<Buffer> {
    const key = await this.#keyById(sealed.keyId);
    try {
      const b = sealed.bytes;
      const decipher = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(b.subarray(b.length - 16));
      return Buffer.concat([decipher.update(b.subarray(12, b.length - 16)), decipher.final()]);
    } catch (cause) {
      throw new CardgateError('RECORD_UNREADABLE', `the sealed record ${aad} does not open`, { cause });
    }
  }

  async #keyById(id: string): Promise<Buffer> {
    const have = this.#clear.get(id);
    if (have) return have;
    const [row] = await this.db.query<KeyRow>(
      'SELECT id, purpose, kek_label, wrapped, retired_at FROM registry_keys WHERE id = $1',
      [id],
    );
    if (!row) throw new CardgateError('RECORD_UNREADABLE', `data key ${id} is not in the registry`);
    return this.#unwrap(row);
  }

  /** HMAC-SHA256 of a normalised name part under the blind-index key. */
  async blindIndex(token: string): Promise<Buffer> {
    if (!this.#indexKey) this.#indexKey = await this.#unwrap(await this.#active('index'));
    return createHmac('sha256', this.#indexKey).update(token, 'utf8').digest();
  }

  /** A fresh data key for new records; the previous ones are retired (they still open). */
  async rotateDataKey(): Promise<string> {
    const row = await this.#newKey('data');
    await this.db.query(
      "UPDATE registry_keys SET retired_at = now() WHERE purpose = 'data' AND id <> $1 AND retired_at IS NULL",
      [row.id],
    );
    this.#current = row.id;
    return row.id;
  }

  /**
   * Re-seals up to `limit` records still under a retired data key with the current one; returns
   * how many. Run it until it returns 0; each record changes in its own statement.
   */
  async resealOld(limit = 500): Promise<number> {
    const rows = await this.db.query<{ record_id: string; key_id: string; sealed: Buffer }>(
      `SELECT r.record_id, r.key_id, r.sealed FROM records r JOIN registry_keys k ON k.id = r.key_id
        WHERE k.retired_at IS NOT NULL LIMIT $1`,
      [limit],
    );
    for (const r of rows) {
      const plain = await this.open({ keyId: r.key_id, bytes: r.sealed }, r.record_id);
      const next = await this.seal(plain, r.record_id);
      await this.db.query(
        'UPDATE records SET key_id = $2, sealed = $3 WHERE record_id = $1 AND key_id = $4',
        [r.record_id, next.keyId, next.bytes, r.key_id],
      );
    }
    return rows.length;
  }

  /** Re-wraps every key under the KEK `newLabel` (made when absent); returns how many. */
  async rewrap(newLabel: string): Promise<number> {
    await this.#ensureKek(newLabel);
    const rows = await this.db.query<KeyRow>(
      'SELECT id, purpose, kek_label, wrapped, retired_at FROM registry_keys WHERE kek_label <> $1',
      [newLabel],
    );
    for (const row of rows) {
      const clear = await this.#unwrap(row);
      await this.db.query('UPDATE registry_keys SET kek_label = $2, wrapped = $3 WHERE id = $1', [
        row.id,
        newLabel,
        Buffer.from(await this.keys.wrap(newLabel, clear)),
      ]);
    }
    return rows.length;
  }
}

/** Advisory lock key of the first data and index keys ("cg-rkeys" in ASCII). */
const REGISTRY_KEY_LOCK = '7162928142488659315';
