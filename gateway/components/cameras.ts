import type { StationComponent } from '../station.js';

/** The gateway's own cameras (network snapshot/MJPEG, V4L2 through ffmpeg, or the emulator). */
export function camerasComponent(): StationComponent {
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
