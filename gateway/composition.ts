/**
 * The whole station of `cardgate start`, wired in one place that reads top to bottom:
 *
 *   config → core (bus, registry, users, hash-chained audit, API server; made by Station)
 *     → pages → key store → devices (printer, encoder) → document signer → applicant screen
 *     → issuance → station board, cameras → status list (revocations) → queue, information point
 *     → telemetry → the API listens.
 *
 * Each step receives what it needs as arguments, so the types show every dependency; a part the
 * station runs without is decided here, once, and logged with its reason (`life.skipped`).
 * Every area is imported when its step runs: `cardgate --help` never loads Fastify's routes,
 * canvas or MQTT, and an idle station never loads canvas (the renderer loads at the first card).
 */
import type { AuditLog } from './audit/audit-log.js';
import type { StationContext, StationOptions } from './station.js';
import { emulatorChoice } from './config/emulators.js';
import type { IssuanceService } from './issuance/service.js';
import type { DocumentSigner } from './document/seal/signer.js';
import type { StationKeys } from './components/keys.js';
import type { StationHandoff } from './components/handoff.js';

export async function composeStation(ctx: StationContext<AuditLog>): Promise<void> {
  const { config, life, logger } = ctx;
  const emulated = emulatorChoice(config);
  for (const line of emulated.deprecated) logger.warn(line);

  // The pages (served at /, outside /api/v1).
  const { uiStationComponent } = await import('./api/routes/ui.js');
  await life.start(uiStationComponent());

  // A production start after training: the training session's data is purged, audited here.
  if (!config.station.training) {
    const { purgeEndedTraining } = await import('./training/purge.js');
    await purgeEndedTraining(ctx.dataDir, ctx.audit, logger.child({ area: 'training' }));
  }

  // Every private key (data keys' wrapping key, document signer) is in the key store, watched.
  const { startKeyStore, lockIssuingWithKeys } = await import('./components/keys.js');
  const keys = await startKeyStore(ctx);

  // Several print lines (config `lines`): each its printer and encoder, one queue for all.
  if (config.lines.length > 0) {
    const { startLines } = await import('./lines/start-lines.js');
    const lines = await startLines(ctx);
    const { startDocumentSigner } = await import('./components/document.js');
    const signer = await startDocumentSigner(ctx, keys.store);
    const { startHandoff } = await import('./components/handoff.js');
    const handoff = await startHandoff(ctx);
    const { startIssuance } = await import('./components/issuance.js');
    const issuance = await startIssuance(ctx, {
      lines,
      signer,
      audit: ctx.audit,
      keyStore: keys.store,
      handoff,
    });
    await handoff?.attach(issuance);
    await lockIssuingWithKeys(keys, issuance);
    // Drills act on one emulated printer and encoder: not on a station of several lines (yet).
    const { startDrills } = await import('./training/component.js');
    await startDrills(ctx, { issuance });
    await startStationParts(ctx, emulated, issuance, signer, keys, handoff);
    return;
  }

  // Devices that make a card.
  const { startPrinter } = await import('./devices/printer.js');
  const printer = config.printer.enabled
    ? await startPrinter(ctx, { emulated: emulated.printer })
    : life.skipped('printer', 'printer.enabled is false');

  const { startEncoder } = await import('./devices/encoder.js');
  const encoder = config.encoder.enabled
    ? await startEncoder(ctx, { emulated: emulated.encoder })
    : life.skipped('encoder', 'encoder.enabled is false');

  // The document signer (seal and chip security object) and the previews.
  const { startDocumentSigner } = await import('./components/document.js');
  const signer = await startDocumentSigner(ctx, keys.store);

  // The applicant's screen: its confirmation gate goes into issuance's intake.
  const { startApplicant } = await import('./applicant/component.js');
  const applicant = await startApplicant(ctx);

  // The hand-off of issuance records to HQ (when enrolled); it holds personal data until HQ acknowledges.
  const { startHandoff } = await import('./components/handoff.js');
  const handoff = await startHandoff(ctx);

  // Issuance needs both devices; without one the station still previews and reports.
  const { startIssuance } = await import('./components/issuance.js');
  const issuance =
    printer && encoder
      ? await startIssuance(ctx, {
          printer,
          encoder,
          signer,
          audit: ctx.audit,
          intakeGate: applicant.gate,
          keyStore: keys.store,
          handoff,
        })
      : life.skipped('issuance', `no ${printer ? 'encoder' : 'printer'}: cards cannot be issued`);
  // Issuing is locked while the key store cannot sign (token away, PIN refused, token required).
  if (issuance) await lockIssuingWithKeys(keys, issuance);
  await handoff?.attach(issuance);

  // Training drills (the trainer schedules emulator faults at a card; refused outside training).
  const { startDrills } = await import('./training/component.js');
  await startDrills(ctx, { printer, encoder, issuance });

  await startStationParts(ctx, emulated, issuance, signer, keys, handoff);
}

/**
 * The station board (its door may lock issuance), the cameras, HQ's status list, telemetry (its
 * commands go to issuance and the status list).
 */
async function startStationParts(
  ctx: StationContext<AuditLog>,
  emulated: ReturnType<typeof emulatorChoice>,
  issuance: IssuanceService | null,
  signer: DocumentSigner,
  keys: StationKeys,
  handoff: StationHandoff | null,
): Promise<void> {
  const { startBoard } = await import('./devices/board.js');
  await startBoard(ctx, { issuance });
  const { startCameras } = await import('./devices/camera.js');
  await startCameras(ctx, { emulated: emulated.cameras });

  // HQ's document status changes (revocations) and the verify page's routes.
  const { startRevocation } = await import('./revocation/component.js');
  const statusList = await startRevocation(ctx, { signer });

  // The waiting-room queue and the information point (kiosk pages, no login).
  const { startQueue } = await import('./queue/component.js');
  await startQueue(ctx);
  const { startInfo } = await import('./info/component.js');
  await startInfo(ctx);

  // Telemetry to headquarters; its commands go to issuance and the status list.
  const { telemetryComponent } = await import('./components/telemetry.js');
  await ctx.life.start(
    telemetryComponent({
      issuance,
      statusList,
      keys: () => keys.watch.health,
      ...(handoff ? { handoff: () => handoff.handoff.status() } : {}),
    }),
  );
}

/** The hash-chained audit trail: the station opens it before the API, so every route can append. */
export async function openStationAudit({ dataDir }: { dataDir: string }): Promise<AuditLog> {
  const { openAuditLog } = await import('./audit/audit-log.js');
  return openAuditLog(dataDir);
}

/** Station options for the whole station: hash-chained audit and the composition above. */
export function stationOptions(): Pick<StationOptions<AuditLog>, 'compose' | 'audit'> {
  return { compose: composeStation, audit: openStationAudit };
}
