import type { StationComponent } from '../station.js';
import type { StationParts } from './parts.js';

/** The gateway's own cameras (network snapshot/MJPEG, V4L2 through ffmpeg, or the emulator). */
export function camerasComponent(parts: StationParts): StationComponent {
  let close: (() => Promise<void>) | null = null;
  return {
    name: 'cameras',
    async start(ctx) {
      const { openConfiguredCameras } = await import('../devices/camera.js');
      const configured = await openConfiguredCameras(ctx.config.cameras, {
        registry: ctx.registry,
        bus: ctx.bus,
        logger: ctx.logger.child({ area: 'cameras' }),
      });
      parts.cameras = configured.cameras;
      close = () => configured.close();
      const { cameraRoutes } = await import('../api/routes/cameras.js');
      await ctx.api.register(cameraRoutes, { prefix: ctx.apiPrefix, cameras: configured.cameras });
    },
    async stop() {
      await close?.();
    },
    ready: () => true,
  };
}
