import type { Camera, CameraHealth } from '../../drivers/camera/interface.js';
import type { EventBus } from '../core/events.js';
import type { DeviceRegistry } from '../core/registry.js';
import type { Config } from '../config/schema.js';
import type { StationContext } from '../station.js';

export interface CameraAdapterLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface AttachCameraDeps {
  registry: DeviceRegistry;
  bus: EventBus;
  logger: CameraAdapterLogger;
  /** Transport label for the registry ('http', 'v4l2'). */
  transport?: string;
  emulated?: boolean;
  /**
   * Grab a frame this often to keep health current between photos (0 = only on capture). The
   * frame is dropped at once: it is never stored or logged.
   */
  probeIntervalMs?: number;
}

export interface CameraAttachment {
  camera: Camera;
  detach(): void;
}

/**
 * Registers a camera and turns its health (last frame time, resolution, last error) into
 * registry updates; announces on the bus when it stops or starts delivering frames.
 */
export function attachCamera(camera: Camera, deps: AttachCameraDeps): CameraAttachment {
  const { registry, bus, logger } = deps;
  registry.register({
    id: camera.id,
    class: 'camera',
    driver: camera.driver,
    transport: deps.transport ?? camera.driver,
    emulated: deps.emulated ?? false,
  });
  let wasOnline: boolean | null = null;

  const apply = (h: CameraHealth): void => {
    registry.update(camera.id, {
      state: h.online ? 'online' : 'offline',
      lastErrorCode: h.lastError?.code ?? null,
      lastErrorText: h.lastError?.message ?? null,
      info: {
        width: h.width,
        height: h.height,
        lastFrameAt: h.lastFrameAt === null ? null : new Date(h.lastFrameAt).toISOString(),
      },
      seen: h.online,
    });
    if (wasOnline !== null && wasOnline !== h.online) {
      logger[h.online ? 'info' : 'warn'](
        { camera: camera.id, error: h.lastError?.code },
        'camera state changed',
      );
      bus.emit('station:event', {
        level: h.online ? 'info' : 'warning',
        code: h.online ? 'CAMERA_ONLINE' : `CAMERA_${h.lastError?.code ?? 'OFFLINE'}`,
        message: h.online
          ? `Camera ${camera.id} delivers frames again`
          : `Camera ${camera.id}: ${h.lastError?.message ?? 'offline'}`,
        source: camera.id,
      });
    }
    wasOnline = h.online;
  };

  camera.on('health', apply);
  let timer: NodeJS.Timeout | null = null;
  if (deps.probeIntervalMs && deps.probeIntervalMs > 0) {
    const probe = (): void => void camera.capture().catch(() => {});
    probe();
    timer = setInterval(probe, deps.probeIntervalMs);
    timer.unref();
  }

  return {
    camera,
    detach() {
      camera.off('health', apply);
      if (timer) clearInterval(timer);
    },
  };
}

export interface ConfiguredCameras {
  cameras: Map<string, Camera>;
  attachments: CameraAttachment[];
  close(): Promise<void>;
}

type CameraEntry = Config['cameras'][number];

/**
 * Every camera in the config, attached to the registry and probed every 30 s (frames dropped at
 * once) so its health is current. An emulated entry (`emulated: true`, or the deprecated `kind: 'emulator'`) without a URL
 * gets an in-process camera emulator (one ffmpeg test pattern); without ffmpeg it stays offline.
 */
export async function openConfiguredCameras(
  entries: CameraEntry[],
  deps: Omit<AttachCameraDeps, 'transport' | 'emulated'> & {
    /** By camera id (gateway/config/emulators.ts); default: the entry's deprecated kind 'emulator'. */
    emulated?: ReadonlyMap<string, boolean>;
  },
): Promise<ConfiguredCameras> {
  const { createCamera } = await import('../../drivers/camera/create-camera.js');
  const cameras = new Map<string, Camera>();
  const attachments: CameraAttachment[] = [];
  const { emulated: _choice, ...attachDeps } = deps;
  const emulators: { close(): Promise<void> }[] = [];
  for (const entry of entries) {
    const emulated = deps.emulated?.get(entry.id) ?? entry.kind === 'emulator';
    // An emulated camera is an HTTP camera served by the emulator.
    let e: CameraEntry = emulated ? { ...entry, kind: 'http' } : entry;
    if (emulated && !entry.url && !entry.mjpegUrl) {
      try {
        const { startCameraEmulator } = await import('../../drivers/camera/emulator/camera-emulator.js');
        const emu = await startCameraEmulator({});
        emulators.push(emu);
        e = { ...e, url: emu.snapshotUrl, mjpegUrl: emu.mjpegUrl };
      } catch (err) {
        deps.logger.warn({ camera: entry.id, err: (err as Error).message }, 'camera emulator unavailable');
        e = { ...e, url: 'http://127.0.0.1:9/snapshot.jpg' };
      }
    }
    const camera = createCamera(e);
    cameras.set(camera.id, camera);
    attachments.push(
      attachCamera(camera, {
        ...attachDeps,
        // Without a probe a camera would read offline (and the tower amber) until the first photo.
        probeIntervalMs: deps.probeIntervalMs ?? 30_000,
        transport: e.kind === 'v4l2' ? 'v4l2' : 'http',
        emulated,
      }),
    );
  }
  return {
    cameras,
    attachments,
    async close() {
      for (const a of attachments) a.detach();
      for (const c of cameras.values()) await c.close();
      for (const emu of emulators) await emu.close();
    },
  };
}

/** The configured cameras, started, with their routes; none configured is a station without cameras. */
export async function startCameras(
  ctx: StationContext,
  opts: { emulated: ReadonlyMap<string, boolean> },
): Promise<Map<string, Camera>> {
  const configured = await openConfiguredCameras(ctx.config.cameras, {
    registry: ctx.registry,
    bus: ctx.bus,
    logger: ctx.logger.child({ area: 'cameras' }),
    emulated: opts.emulated,
  });
  ctx.life.started({ name: 'cameras', stop: () => configured.close(), ready: () => true });
  const { cameraRoutes } = await import('../api/routes/cameras.js');
  await ctx.api.register(cameraRoutes, { prefix: ctx.apiPrefix, cameras: configured.cameras });
  return configured.cameras;
}
