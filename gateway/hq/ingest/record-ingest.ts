import type { Logger } from 'pino';
import type { AuditSink } from '../../core/audit-sink.js';
import type { Clock } from '../../core/clock.js';
import { isCardgateError } from '../../core/errors.js';
import type { RecordsResponse } from '../../handoff/contract/ingest.js';
import { openRecord, type SignerLookup } from '../../handoff/jose/open-record.js';
import type { HqTrust } from '../enrolment/hq-trust.js';
import type { RecordRegistry } from './registry-port.js';

export interface RecordIngestDeps {
  trust: Pick<HqTrust, 'recordPrivateKey'>;
  signer(certThumbprint: string): Promise<SignerLookup>;
  registry: RecordRegistry;
  audit: AuditSink;
  log: Logger;
  clock: Clock;
}

/** What is known of a request when it is refused: for the log line and the audit entry. */
export interface IngestContext {
  ip: string;
  station?: string;
  recordId?: string;
}

/**
 * POST /records' work: open the JWE (HQ's record key), verify the JWS against the station's
 * certificate (known, not suspended), check the record, and hand it to the registry, which
 * commits it (201) or finds it stored already (200). Refusals are logged and audited by
 * `refused`; nothing is stored for them.
 */
export class RecordIngest {
  constructor(private readonly d: RecordIngestDeps) {}

  async receive(jwe: string, ctx: IngestContext): Promise<RecordsResponse> {
    const signer = async (thumb: string) => {
      try {
        const s = await this.d.signer(thumb);
        ctx.station = `${s.siteId}/${s.stationId}`;
        return s;
      } catch (e) {
        // A suspended station is named in the refusal's audit entry.
        const d = isCardgateError(e) ? e.details : undefined;
        if (typeof d?.site === 'string' && typeof d.station === 'string')
          ctx.station = `${d.site}/${d.station}`;
        throw e;
      }
    };
    const opened = await openRecord(jwe, {
      decryptionKey: (kid) => this.d.trust.recordPrivateKey(kid),
      signer,
    });
    ctx.recordId = opened.record.recordId;
    const result = await this.d.registry.ingest(
      { site: opened.signer.siteId, station: opened.signer.stationId },
      opened.record,
      {
        jws: opened.jws,
        receivedAt: new Date(this.d.clock.now()),
        facts: { certThumbprint: opened.certThumbprint },
      },
    );
    this.d.log.info({ recordId: opened.record.recordId, station: ctx.station, result }, 'record received');
    return { recordId: opened.record.recordId, result };
  }

  /** The log line and audit entry of a refused record (no personal data: ids and codes only). */
  async refused(error: unknown, ctx: IngestContext): Promise<void> {
    const code = isCardgateError(error) ? error.code : 'INTERNAL';
    const fields = { code, station: ctx.station ?? null, recordId: ctx.recordId ?? null, ip: ctx.ip };
    if (isCardgateError(error) && error.status < 500) this.d.log.warn(fields, 'record refused');
    else this.d.log.error({ ...fields, err: error }, 'record not stored');
    await this.d.audit
      .append({
        actor: ctx.station ? `station:${ctx.station}` : 'anonymous',
        action: 'record.ingest',
        ...(ctx.recordId ? { target: ctx.recordId } : {}),
        outcome: isCardgateError(error) && error.status < 500 ? 'denied' : 'failed',
        details: fields,
      })
      .catch((e: unknown) => this.d.log.error({ err: e }, 'audit of a refused record failed'));
  }
}
