import type { StationContext } from '../station.js';
import type { IntakeGate } from '../issuance/intake.js';
import type { DocumentRules } from '../document/checks/index.js';
import { Desks } from './desks.js';
import { confirmationGate } from './gate.js';
import { Pairings } from './pairing.js';

export interface ApplicantArea {
  desks: Desks;
  pairings: Pairings;
  /** Injected into issuance's intake: no card is queued without the applicant's confirmation. */
  gate: IntakeGate;
}

/**
 * The applicant screen (pairing, confirmation, progress) with its routes, and the gate issuance
 * runs before admitting a job. Started before issuance, so the gate can be handed to it; it
 * follows jobs through the bus only.
 */
export async function startApplicant(ctx: StationContext): Promise<ApplicantArea> {
  const cfg = () => ctx.config.applicant;
  const now = () => ctx.clock.now();
  const pairings = new Pairings({
    now,
    codeTtlMs: cfg().pairingCodeSeconds * 1000,
    failuresPerMinute: cfg().pairingFailuresPerMinute,
  });
  const desks = new Desks();
  const rules = (): DocumentRules => ({
    today: new Date(now()).toISOString().slice(0, 10),
    validityDays: ctx.config.issuance.validityDays,
    extraNationalities: ctx.config.issuance.extraNationalities,
  });
  const gate = confirmationGate(
    desks,
    () => cfg().confirmation,
    () => ctx.config.issuance.validityDays,
  );

  const off = ctx.bus.on('issuance:job', (e) => {
    const d = desks.byJob(e.jobId);
    if (!d) return;
    desks.update(d.desk, (x) => {
      if (!x.job) return;
      x.job.status = e.status;
      if (e.status === 'done') x.stage = 'done';
      else if (e.status === 'failed' || e.status === 'cancelled') x.stage = 'failed';
    });
  });

  const { deskRoutes } = await import('./desk-routes.js');
  const { screenRoutes } = await import('./screen-routes.js');
  await ctx.api.register(deskRoutes, { prefix: ctx.apiPrefix, desks, pairings, audit: ctx.audit, rules });
  await ctx.api.register(screenRoutes, { prefix: ctx.apiPrefix, desks, pairings, audit: ctx.audit });
  ctx.life.started({ name: 'applicant', stop: off, ready: () => true });
  return { desks, pairings, gate };
}
