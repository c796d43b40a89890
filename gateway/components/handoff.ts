import { readFile } from 'node:fs/promises';
import type { AuditLog } from '../audit/audit-log.js';
import type { Handoff, HandoffIssuance } from '../handoff/handoff.js';
import type { CardArtefactTap } from '../handoff/card-artefacts.js';
import type { JobRecord } from '../issuance/job.js';
import type { StationContext } from '../station.js';

/** What issuance is given before it starts, and how the hand-off is attached to it afterwards. */
export interface StationHandoff {
  /** Retention keeps a job's personal data while this says so (record not acknowledged). */
  holds(job: JobRecord): boolean;
  artefacts: CardArtefactTap;
  attach(issuance: HandoffIssuance | null): Promise<void>;
  handoff: Handoff;
}

/**
 * The hand-off of issuance records to HQ: runs when the station is enrolled (`cardgate enrol`)
 * and `handoff.enabled`; otherwise skipped with its reason, and GET /api/v1/handoff says why.
 */
export async function startHandoff(ctx: StationContext<AuditLog>): Promise<StationHandoff | null> {
  const { config, life } = ctx;
  const { handoffRoutes } = await import('../handoff/routes.js');
  const notRunning = (reason: string) => {
    void ctx.api.register(handoffRoutes, {
      prefix: ctx.apiPrefix,
      status: () => ({ enrolled: false, reason }),
    });
    return life.skipped('handoff', reason);
  };
  if (!config.handoff.enabled) return notRunning('handoff.enabled is false');
  // Training cards are never registered documents: nothing of them goes to the registry.
  if (config.station.training) return notRunning('training mode: nothing is handed to the registry');
  const { readEnrolment } = await import('../enrolment/enrolment-file.js');
  const enrolment = await readEnrolment(ctx.dataDir);
  if (!enrolment) return notRunning('not enrolled with HQ: run cardgate enrol');

  const { openKeyStore } = await import('../keys/open-key-store.js');
  const { Handoff } = await import('../handoff/handoff.js');
  const { CardArtefactTap } = await import('../handoff/card-artefacts.js');
  const store = await openKeyStore(config.security, { dataDir: ctx.dataDir });
  const artefacts = new CardArtefactTap();
  const h = config.handoff;
  const previousNumbers = new Map<string, string>();
  const handoff = await Handoff.open({
    dataDir: ctx.dataDir,
    enrolment,
    store,
    bus: ctx.bus,
    clock: ctx.clock,
    log: ctx.logger.child({ area: 'handoff' }),
    artefacts,
    settings: {
      graceDays: h.graceDays,
      retryMinMs: h.retryMinSeconds * 1000,
      retryMaxMs: h.retryMaxSeconds * 1000,
      purgeIntervalMs: h.purgeIntervalMinutes * 60_000,
      ...(h.tlsCaFile ? { tlsCa: await readFile(h.tlsCaFile, 'utf8') } : {}),
    },
    context: (job) => ({
      training: config.station.training,
      issuingState: config.issuance.issuingState,
      documentCode: config.issuance.documentCode,
      devices: { printerSerial: serialOf(ctx, 'printer'), encoderSerial: serialOf(ctx, 'encoder') },
      cardStockSerial: null,
      auditHead: ctx.audit.head(),
      previousNumber: job.previousJobId ? (previousNumbers.get(job.previousJobId) ?? null) : null,
    }),
  });
  await ctx.api.register(handoffRoutes, { prefix: ctx.apiPrefix, status: () => handoff.status() });
  life.started({
    name: 'handoff',
    stop: async () => {
      await handoff.stop();
      await store.close();
    },
    ready: () => true,
  });
  return {
    holds: handoff.holds,
    artefacts,
    handoff,
    async attach(issuance) {
      if (!issuance) return;
      // A re-issue names the job it replaces; its document number is the one HQ marks replaced.
      const view = issuance.handoffView.bind(issuance);
      await handoff.start({
        ...issuance,
        allJobs: () => issuance.allJobs(),
        purgePersonalData: (id) => issuance.purgePersonalData(id),
        handoffView: async (id) => {
          const v = await view(id);
          if (v.job.previousJobId && !previousNumbers.has(v.job.previousJobId)) {
            const prev = await view(v.job.previousJobId).catch(() => null);
            if (prev?.job.documentNumber) previousNumbers.set(v.job.previousJobId, prev.job.documentNumber);
          }
          return v;
        },
      });
    },
  };
}

function serialOf(ctx: StationContext, kind: 'printer' | 'encoder'): string | null {
  const d = ctx.registry.list().find((x) => x.class === kind);
  const serial = (d?.info as { serial?: unknown } | undefined)?.serial;
  return typeof serial === 'string' ? serial : null;
}
