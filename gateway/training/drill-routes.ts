import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CardgateError } from '../core/errors.js';
import { Drill, DrillRequest } from './drill-faults.js';
import type { DrillBook } from './drills.js';

export interface DrillRoutesDeps {
  /** Null outside training mode: every drill route answers TRAINING_ONLY. */
  book: DrillBook | null;
}

/** The trainer's drills (admin): schedule an emulator fault at a card, list, cancel. */
export const drillRoutes: FastifyPluginAsyncTypebox<DrillRoutesDeps> = async (app, deps) => {
  const tags = ['training'];
  const book = (): DrillBook => {
    if (!deps.book)
      throw new CardgateError('TRAINING_ONLY', 'drills exist only on a station started in training mode');
    return deps.book;
  };

  app.get(
    '/training/drills',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Scheduled and armed drills', response: { 200: Type.Array(Drill) } },
    },
    async () => book().list(),
  );

  app.post(
    '/training/drills',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: "Schedule an emulator fault at a card ('ribbon ends during the 3rd card')",
        body: DrillRequest,
        response: { 201: Drill },
      },
    },
    async (req, reply) => {
      const d = await book().schedule(req.body, req.principal!.name);
      req.log.info({ drill: d.id, fault: d.fault, card: d.card }, 'drill scheduled');
      return reply.code(201).send(d);
    },
  );

  app.delete(
    '/training/drills/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Cancel a drill not yet armed',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Drill },
      },
    },
    async (req) => book().cancel(req.params.id),
  );
};
