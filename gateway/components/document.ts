import { existsSync } from 'node:fs';
import type { StationContext } from '../station.js';
import type { DocumentSigner } from '../document/seal/signer.js';
import { produceCardLazily } from './lazy-produce.js';

/**
 * The document signer (seal and chip security object) and the preview routes. The key is
 * generated in the data directory for the embedded default and configured in production.
 */
export async function startDocumentSigner(ctx: StationContext): Promise<DocumentSigner> {
  const { loadDocumentSigner } = await import('../document/seal/signer.js');
  const sec = ctx.config.security;
  const signer = await loadDocumentSigner({
    dataDir: ctx.dataDir,
    ...(sec.signerKeyFile ? { keyFile: sec.signerKeyFile } : {}),
    ...(sec.signerCertFile ? { certFile: sec.signerCertFile } : {}),
  });
  // A file check at start warns early; every render reports the definitive font status.
  const { loadTemplate, resolveAsset } = await import('../document/render/template.js');
  const template = loadTemplate();
  const mrzFont = template.fonts[template.mrz.font];
  if (!mrzFont?.paths.some((p) => existsSync(resolveAsset(template, p)))) {
    const reason = `OCR-B not found at ${mrzFont?.paths.join(' or ') ?? template.mrz.font}`;
    ctx.logger.warn({ reason }, 'MRZ font missing: previews and the emulator only, real printers refused');
    ctx.bus.emit('station:event', {
      level: 'warning',
      code: 'MRZ_FONT_MISSING',
      message: `${reason}: restore the template's OCR-B font file; real printers are refused until then`,
      source: 'document',
    });
  }
  const { previewRoutes } = await import('../api/routes/preview.js');
  const cfg = ctx.config.issuance;
  await ctx.api.register(previewRoutes, {
    prefix: ctx.apiPrefix,
    produce: produceCardLazily,
    // Previews are sealed by a throwaway specimen key, never by the document signer.
    station: () => ({
      documentCode: cfg.documentCode,
      issuingState: cfg.issuingState,
      validityDays: cfg.validityDays,
      extraNationalities: cfg.extraNationalities,
      today: new Date(ctx.clock.now()).toISOString().slice(0, 10),
    }),
    audit: ctx.audit,
    now: () => ctx.clock.now(),
  });
  ctx.life.started({ name: 'document', stop: () => {}, ready: () => true });
  return signer;
}
