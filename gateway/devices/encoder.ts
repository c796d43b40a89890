import type { CardEncoder, EncoderState } from '../../drivers/encoder/interface.js';
import type { EventBus } from '../core/events.js';
import type { StationContext } from '../station.js';
import type { DeviceHealth, DeviceRegistry } from '../core/registry.js';
import { ENCODER_APDU_MS } from '../../drivers/encoder/emulator/timing.js';

export interface EncoderAdapterLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface AttachEncoderDeps {
  registry: DeviceRegistry;
  bus: EventBus;
  logger: EncoderAdapterLogger;
}

export interface EncoderAttachment {
  encoder: CardEncoder;
  detach(): void;
}

function health(s: EncoderState): { state: DeviceHealth; code: string | null } {
  if (!s.available) return { state: 'offline', code: 'PCSC_UNAVAILABLE' };
  if (s.readers.length === 0 || s.reason) return { state: 'degraded', code: 'NO_READER' };
  return { state: 'online', code: null };
}

/**
 * Wires an encoder into the station: registers it (emulated or not, as the driver says), turns
 * its state events into registry states and tells people on the bus when the encoder goes
 * offline or comes back. Card contents never pass through here.
 */
export function attachEncoder(encoder: CardEncoder, deps: AttachEncoderDeps): EncoderAttachment {
  const { registry, bus, logger } = deps;
  registry.register({
    id: encoder.id,
    class: 'encoder',
    driver: encoder.driver,
    transport: encoder.driver === 'pcsc' ? 'pcsc' : 'in-process',
    emulated: encoder.emulated,
  });
  let previous: DeviceHealth | undefined;

  const apply = (s: EncoderState): void => {
    const h = health(s);
    registry.update(encoder.id, {
      state: h.state,
      lastErrorCode: h.code,
      lastErrorText: s.reason ?? null,
      info: { readers: s.readers, cardPresent: s.cardPresent, emulated: encoder.emulated },
      seen: s.available,
    });
    if (previous !== undefined && previous !== h.state) {
      const down = h.state !== 'online';
      logger[down ? 'warn' : 'info'](
        { encoder: encoder.id, state: h.state, reason: s.reason },
        'encoder state changed',
      );
      bus.emit('station:event', {
        level: down ? 'warning' : 'info',
        code: down ? (h.code ?? 'ENCODER_DEGRADED') : 'ENCODER_ONLINE',
        message: down ? `encoder ${h.state}: ${s.reason ?? 'no reader'}` : 'encoder online',
        source: encoder.id,
      });
    }
    previous = h.state;
  };

  encoder.on('state', apply);
  apply(encoder.state());
  return {
    encoder,
    detach: () => {
      encoder.off('state', apply);
    },
  };
}

export const ENCODER_ID = 'encoder-1';

/**
 * The station's chip encoder, started: PC/SC, the in-process emulator, or (`'auto'`) PC/SC when
 * pcscd answers and the emulator otherwise, reported as such. Without a PC/SC stack the encoder
 * reports offline with the reason and the station still starts.
 */
export async function startEncoder(
  ctx: StationContext,
  opts: {
    emulated: boolean | 'auto';
    id?: string;
    /** A print line's reader (name or USB serial, a substring of the PC/SC reader name). */
    reader?: string;
    /** Register the encoder routes for this encoder alone (false: the caller registers them for all lines). */
    routes?: boolean;
  },
): Promise<CardEncoder> {
  const cfg = ctx.config.encoder;
  const id = opts.id ?? ENCODER_ID;
  const logger = ctx.logger.child({ device: id });
  const reader = opts.reader ?? cfg.reader;
  const { createEncoder } = await import('../../drivers/encoder/factory.js');
  const { encoderProfile } = await import('./encoder-profile.js');
  const encoder = createEncoder({
    profile: await encoderProfile(cfg.profile, ctx.dataDir),
    driver: opts.emulated === 'auto' ? 'auto' : opts.emulated ? 'emulator' : 'pcsc',
    id,
    exchangeTimeoutMs: cfg.exchangeTimeoutMs,
    ...(reader ? { reader } : {}),
    emulator: {
      // An emulated line's reader carries the name the line is bound to.
      ...(opts.reader ? { readerName: `cardgate emulated reader ${opts.reader}` } : {}),
      ...(cfg.emulator.timing === 'realistic' ? { latencyMs: ENCODER_APDU_MS * cfg.emulator.timeScale } : {}),
    },
    logger,
  });
  const { encoderDevice } = await import('../../drivers/encoder/device.js');
  const { detach } = attachEncoder(encoder, { registry: ctx.registry, bus: ctx.bus, logger });
  // Started and stopped through the one device contract, like every kind.
  const device = encoderDevice(encoder);
  ctx.life.started({
    name: opts.routes === false ? `encoder ${id}` : 'encoder',
    async stop() {
      detach();
      await device.stop().catch(() => {});
    },
    ready: () => true,
  });
  await device.start().catch((err: Error) => logger.warn({ err: err.message }, 'encoder not available'));
  if (opts.routes !== false) {
    const { encoderRoutes } = await import('../api/routes/encoder.js');
    await ctx.api.register(encoderRoutes, {
      prefix: ctx.apiPrefix,
      encoders: new Map([[encoder.id, encoder]]),
    });
  }
  return encoder;
}
