import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEntryInput, AuditSink } from '../core/audit-sink.js';

/**
 * Fallback audit trail when the station is built without the hash-chained audit log: one JSON
 * line per entry, appended in order. The integrator replaces it with gateway/audit's sink.
 */
export class JsonlAuditSink implements AuditSink {
  #queue: Promise<void> = Promise.resolve();
  constructor(readonly path: string) {}

  append(entry: AuditEntryInput): Promise<void> {
    const line = JSON.stringify({ at: new Date().toISOString(), ...entry }) + '\n';
    const run = this.#queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, line, { mode: 0o600 });
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
