import { existsSync } from 'node:fs';
import type { StationContext } from '../station.js';
import type { DocumentSigner } from '../document/seal/signer.js';
import type { KeyStore } from '../keys/key-store.js';
import { isCardgateError } from '../core/errors.js';
import { produceCardLazily } from './lazy-produce.js';

/**
 * The document signer (seal and chip security object) and the preview routes. The key is in the
 * key store: a token's DS key with the certificate the CSCA issued for it in production, the
 * generated development CSCA and DS of the embedded default otherwise. A token away at the very
 * first start gives a signer that loads itself once the token is back.
 */
export async function startDocumentSigner(ctx: StationContext, store: KeyStore): Promise<DocumentSigner> {
  const { loadDocumentSigner } = await import('../document/seal/signer.js');
  const sec = ctx.config.security;
  // Training signs with its own TRAINING CSCA and DS (never production's configured signer files).
  const training = ctx.config.station.training
    ? { profile: (await import('../training/training-pki.js')).TRAINING_PROFILE }
    : null;
  const load = (): Promise<DocumentSigner> =>
    loadDocumentSigner({
      dataDir: ctx.dataDir,
      store,
      documentTypes: [ctx.config.issuance.documentCode.replace(/</g, '')],
      allowDevelopment: training !== null || !sec.requireToken,
      ...(training ?? {}),
      ...(sec.signerKeyFile && !training ? { keyFile: sec.signerKeyFile } : {}),
      ...(sec.signerCertFile && !training ? { certFile: sec.signerCertFile } : {}),
    });
  let signer: DocumentSigner;
  try {
    // The production profile on the file store signs nothing: no development PKI is made either.
    if (sec.requireToken && store.development)
      throw (await import('../keys/open-key-store.js')).tokenRequiredError();
    signer = await load();
  } catch (e) {
    const code = isCardgateError(e) ? e.code : null;
    if (code !== 'KEY_STORE_UNAVAILABLE' && code !== 'KEY_STORE_TOKEN_REQUIRED') throw e;
    const { DeferredSigner } = await import('../document/seal/deferred-signer.js');
    ctx.logger.warn({ code }, 'document signer not loaded: the key store cannot sign');
    signer = new DeferredSigner(code === 'KEY_STORE_UNAVAILABLE' ? load : () => Promise.reject(e), e);
  }
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
