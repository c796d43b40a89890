import { join } from 'node:path';
import type { Clock } from '../../gateway/core/clock.js';
import type { IssuanceRecord } from '../../gateway/handoff/contract/record.js';
import { HqAuditLog } from '../../gateway/hq/audit/audit-store.js';
import type { Database } from '../../gateway/hq/db/database.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import type { RecordMeta, RecordRegistry, RecordStation } from '../../gateway/hq/ingest/registry-port.js';
import { RecordCipher } from '../../gateway/hq/registry/record-cipher.js';
import { RegistryStore } from '../../gateway/hq/registry/registry-store.js';
import { FileKeyStore } from '../../gateway/keys/file-key-store.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/**
 * HQ's real RegistryStore (sealed records, document status rows) for the hand-off tests, with a
 * tap that notes the record ids it created in the order they committed: the order the station
 * sent them in, which the records table (keyed by id, ordered by final state time) cannot show.
 */
export interface TappedRegistry extends RecordRegistry {
  store: RegistryStore;
  /** HQ's key store (give it to startHqRig so the rig and the registry share HQ's keys). */
  keys: FileKeyStore;
  /** Record ids in the order the registry created them (duplicates are not repeated). */
  created: string[];
  /** The record ids in the database, whatever the tap saw. */
  storedIds(): Promise<string[]>;
}

export async function tappedRegistry(
  db: Database,
  clock: Clock,
  keys = new FileKeyStore(join(makeTempDir('cg-hq-keys-'), 'keys')),
): Promise<TappedRegistry> {
  await migrate(db);
  const store = new RegistryStore(db, new RecordCipher(db, keys), new HqAuditLog(db, { clock }), clock);
  const created: string[] = [];
  return {
    store,
    keys,
    created,
    async ingest(station: RecordStation, record: IssuanceRecord, meta: RecordMeta) {
      const r = await store.ingest(station, record, meta);
      if (r === 'created') created.push(record.recordId);
      return r;
    },
    async storedIds() {
      const rows = await db.query<{ record_id: string }>('SELECT record_id FROM records ORDER BY record_id');
      return rows.map((r) => r.record_id);
    },
  };
}
