import { createHash } from 'node:crypto';
import { CardgateError } from '../../gateway/core/errors.js';
import type { IssuanceRecord } from '../../gateway/handoff/contract/record.js';
import type { Database } from '../../gateway/hq/db/database.js';
import type { RecordRegistry, RecordStation } from '../../gateway/hq/ingest/registry-port.js';

/**
 * The registry's ingest contract in a few lines of SQL on the real database (one row per record
 * id, content hash compared on a repeat), for the hand-off's transport tests: what they check is
 * that every record arrives exactly once and in order, which this shows directly (`rows()`).
 * The registry's own storage (encryption, status rows) is the `hq` area's RegistryStore.
 */
export class SqlLedger implements RecordRegistry {
  private constructor(private readonly db: Database) {}

  static async open(db: Database): Promise<SqlLedger> {
    await db.exec(`CREATE TABLE IF NOT EXISTS test_ledger (
      seq bigserial, record_id text PRIMARY KEY, station text NOT NULL, hash text NOT NULL)`);
    return new SqlLedger(db);
  }

  async ingest(station: RecordStation, record: IssuanceRecord): Promise<'created' | 'duplicate'> {
    const hash = createHash('sha256').update(JSON.stringify(record)).digest('hex');
    const inserted = await this.db.query(
      `INSERT INTO test_ledger (record_id, station, hash) VALUES ($1, $2, $3)
       ON CONFLICT (record_id) DO NOTHING RETURNING record_id`,
      [record.recordId, `${station.site}/${station.station}`, hash],
    );
    if (inserted.length) return 'created';
    const [row] = await this.db.query<{ hash: string }>('SELECT hash FROM test_ledger WHERE record_id = $1', [
      record.recordId,
    ]);
    if (row?.hash !== hash)
      throw new CardgateError('RECORD_CONFLICT', `record ${record.recordId} arrived with other content`);
    return 'duplicate';
  }

  rows(): Promise<Array<{ record_id: string; station: string }>> {
    return this.db.query('SELECT record_id, station FROM test_ledger ORDER BY seq');
  }
}
