import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import type { BoardAttachment } from '../../devices/board.js';
import { CardgateError } from '../../core/errors.js';

export interface BoardRouteDeps {
  /** What attachBoard returned; absent when the station runs without a board. */
  board: BoardAttachment | null;
}

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const BoardReply = Type.Object({
  connected: Type.Boolean(),
  light: Type.Union([
    Type.Literal('off'),
    Type.Literal('green'),
    Type.Literal('amber'),
    Type.Literal('red'),
    Type.Literal('red-blink'),
  ]),
  state: Type.String(),
  readings: Type.Object({
    doorOpen: Nullable(Type.Boolean()),
    hopperLow: Nullable(Type.Boolean()),
    temperatureC: Nullable(Type.Number()),
    humidityPercent: Nullable(Type.Number()),
  }),
  /** Why the tower shows what it shows (device ids, `source:CODE` warnings, job ids, the lock). */
  reasons: Type.Object({
    faults: Type.Array(Type.String()),
    needsOperator: Type.Array(Type.String()),
    warnings: Type.Array(Type.String()),
    busy: Type.Array(Type.String()),
    lock: Nullable(Type.String()),
  }),
});
export type BoardStatus = Static<typeof BoardReply>;

/** The station board for technicians: its state and the light test. */
export const boardRoutes: FastifyPluginAsyncTypebox<BoardRouteDeps> = async (app, deps) => {
  const board = (): BoardAttachment => {
    if (!deps.board)
      throw new CardgateError('BOARD_NOT_CONFIGURED', 'this station has no board', { status: 404 });
    return deps.board;
  };

  app.get(
    '/board',
    {
      config: { access: ['technician'] },
      schema: {
        tags: ['board'],
        summary: 'Station board: connected, tower light, sensor readings',
        response: { 200: BoardReply },
      },
    },
    async () => ({ ...board().status(), reasons: board().light.reasons() }),
  );

  app.post(
    '/board/light-test',
    {
      config: { access: ['technician'] },
      schema: {
        tags: ['board'],
        summary: 'Cycle the tower light (green, amber, red, blinking red) and beep once',
        response: { 202: Type.Object({ started: Type.Boolean() }) },
      },
    },
    async (_req, reply) => {
      const b = board();
      if (!b.status().connected)
        throw new CardgateError('BOARD_OFFLINE', 'the station board is not connected', { status: 503 });
      // Runs for a few seconds; the technician watches the tower, not the response.
      void b.lightTest().catch(() => {});
      reply.code(202);
      return { started: true };
    },
  );
};
