import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { KeyStore } from '../keys/key-store.js';
import type { AccountStore } from './accounts/account-store.js';
import type { HqSessionStore } from './accounts/session-store.js';
import type { HqAuditLog } from './audit/audit-store.js';
import type { HqConfig } from './config.js';
import type { Database } from './db/database.js';
import type { RecordCipher } from './registry/record-cipher.js';
import type { RegistryStore } from './registry/registry-store.js';

/**
 * What every HQ plugin is given (gateway/hq/plugins.ts): the one database, the key store, the
 * accounts, the audit trail and the registry, all shared by the process's plugins.
 */
export interface HqContext {
  config: HqConfig;
  db: Database;
  keys: KeyStore;
  accounts: AccountStore;
  sessions: HqSessionStore;
  audit: HqAuditLog;
  /** The national registry: ingest(station, record, meta), document status, records. */
  registry: RegistryStore;
  /** Envelope encryption of the registry's personal data (rotation). */
  cipher: RecordCipher;
  logger: Logger;
  clock: Clock;
  /** `/api/v1`: every HQ API route lives under it. */
  apiPrefix: string;
}
