import { createHash } from 'node:crypto';
import type { IssuanceRecord } from '../../handoff/contract/record.js';

/** Keys sorted at every depth, so the same content hashes the same whatever order it was sent in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/**
 * What a record says happened. `timestamps.recordedAt` (when the station built the record) is
 * left out: a record rebuilt after a crash at the station is the same record.
 */
export function contentHash(record: IssuanceRecord): Buffer {
  const { timestamps, ...rest } = record;
  const { recordedAt: _built, ...when } = timestamps;
  return createHash('sha256')
    .update(JSON.stringify(canonical({ ...rest, timestamps: when })))
    .digest();
}
