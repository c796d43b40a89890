import type { StationComponent } from '../station.js';
import type { StationParts } from './parts.js';

export const ENCODER_ID = 'encoder-1';

/** The chip encoder: PC/SC when pcscd answers (or is demanded), otherwise the emulator, reported as such. */
export function encoderComponent(parts: StationParts): StationComponent {
  let detach: (() => void) | null = null;
  return {
    name: 'encoder',
    async start(ctx) {
      const cfg = ctx.config.encoder;
      if (!cfg.enabled) return;
      const logger = ctx.logger.child({ device: ENCODER_ID });
      const { createEncoder } = await import('../../drivers/encoder/factory.js');
      const { attachEncoder } = await import('../devices/encoder.js');
      const encoder = createEncoder({
        driver: cfg.driver,
        id: ENCODER_ID,
        exchangeTimeoutMs: cfg.exchangeTimeoutMs,
        ...(cfg.reader ? { reader: cfg.reader } : {}),
        logger,
      });
      detach = attachEncoder(encoder, { registry: ctx.registry, bus: ctx.bus, logger }).detach;
      // Without a PC/SC stack the encoder reports offline with the reason; the station still starts.
      await encoder.start().catch((err: Error) => logger.warn({ err: err.message }, 'encoder not available'));
      parts.encoder = encoder;
      const { encoderRoutes } = await import('../api/routes/encoder.js');
      await ctx.api.register(encoderRoutes, {
        prefix: ctx.apiPrefix,
        encoders: new Map([[encoder.id, encoder]]),
      });
    },
    async stop() {
      detach?.();
      await parts.encoder?.stop().catch(() => {});
    },
    ready: () => true,
  };
}
