import type { StationComponent } from '../station.js';
import type { StationParts } from './parts.js';

/**
 * The document signer (seal and chip security object) and the preview routes. The key is
 * generated in the data directory for the embedded default and configured in production.
 */
export function documentComponent(parts: StationParts): StationComponent {
  return {
    name: 'document',
    async start(ctx) {
      const { loadDocumentSigner } = await import('../document/seal/signer.js');
      const { produceCard } = await import('../document/render/produce.js');
      const { fontStatus } = await import('../document/render/fonts.js');
      const sec = ctx.config.security;
      parts.signer = await loadDocumentSigner({
        dataDir: ctx.dataDir,
        ...(sec.signerKeyFile ? { keyFile: sec.signerKeyFile } : {}),
        ...(sec.signerCertFile ? { certFile: sec.signerCertFile } : {}),
      });
      const { loadTemplate } = await import('../document/render/template.js');
      const { registerTemplateFonts } = await import('../document/render/fonts.js');
      const template = loadTemplate();
      registerTemplateFonts(template);
      const fonts = fontStatus(template);
      parts.printReady = fonts.printReady;
      parts.printReadyReason = fonts.reason;
      if (!fonts.printReady) {
        ctx.logger.warn(
          { reason: fonts.reason },
          'MRZ font missing: previews and the emulator only, real printers refused',
        );
        ctx.bus.emit('station:event', {
          level: 'warning',
          code: 'MRZ_FONT_MISSING',
          message: `${fonts.reason ?? 'OCR-B missing'}: install fonts-ocr-b; real printers are refused until then`,
          source: 'document',
        });
      }
      const { previewRoutes } = await import('../api/routes/preview.js');
      await ctx.api.register(previewRoutes, {
        prefix: ctx.apiPrefix,
        produce: produceCard,
        signer: parts.signer,
      });
    },
    stop() {},
    ready: () => parts.signer !== undefined,
  };
}
