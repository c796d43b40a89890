import type { StationComponent } from '../station.js';
import type { StationParts } from './parts.js';
import type { BoardAttachment } from '../devices/board.js';

/** The station board (tower light, buzzer, door, climate); the station issues without it. */
export function boardComponent(parts: StationParts): StationComponent {
  let close: (() => Promise<void>) | null = null;
  return {
    name: 'board',
    async start(ctx) {
      const logger = ctx.logger.child({ device: 'board' });
      const { openConfiguredBoard, attachBoard } = await import('../devices/board.js');
      const configured = await openConfiguredBoard(ctx.config.board, { logger });
      let board: BoardAttachment | null = null;
      if (configured) {
        const attachment = attachBoard(configured.board, {
          registry: ctx.registry,
          bus: ctx.bus,
          config: ctx.config.board,
          logger,
          transport: configured.transport,
          emulated: configured.emulated,
          lock: (locked, reason) => {
            const issuance = parts.issuance;
            if (!issuance) return;
            const done = locked ? issuance.lock('door', reason, 'board') : issuance.unlock('door', 'board');
            done.catch((err: Error) => logger.error({ err }, 'door lock failed'));
          },
        });
        board = attachment;
        // The handshake runs in the background: the station serves and issues without its board.
        void configured.board
          .start()
          .catch((err: Error) => logger.warn({ err: err.message }, 'board not connected'));
        close = async () => {
          attachment.detach();
          await configured.close();
        };
      }
      const { boardRoutes } = await import('../api/routes/board.js');
      await ctx.api.register(boardRoutes, { prefix: ctx.apiPrefix, board });
    },
    async stop() {
      await close?.();
    },
    ready: () => true,
  };
}
