import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CardgateError } from '../core/errors.js';
import { VULNERABILITY_FLAGS, VulnerabilityFlagSchema } from '../protection/protection-details.js';
import { ticketPriorityFor } from './priority.js';
import { Ticket } from './ticket.js';
import type { TicketBook } from './ticket-book.js';

export interface QueueRoutesDeps {
  book: TicketBook;
  now: () => number;
  /** Tickets one client may take per minute (a kiosk is one client; this stops a runaway script). */
  ticketsPerMinute?: number;
}

const Display = Type.Object({
  day: Type.String(),
  serving: Type.Array(
    Type.Object({ number: Type.Integer(), desk: Type.Union([Type.String(), Type.Null()]) }),
  ),
  waiting: Type.Integer(),
  estimatedWaitMinutes: Type.Union([Type.Integer(), Type.Null()]),
  cardsPerHour: Type.Union([Type.Number(), Type.Null()]),
});

/** The waiting room: tickets from the information point, "call next" at a desk, the display. */
export const queueRoutes: FastifyPluginAsyncTypebox<QueueRoutesDeps> = async (app, deps) => {
  const tags = ['queue'];
  const perMinute = deps.ticketsPerMinute ?? 30;
  const taken = new Map<string, number[]>();

  app.post(
    '/queue/tickets',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Take a ticket (information point; no personal data)',
        description:
          'Any vulnerability need (marked at reception or on the kiosk) gives a priority ticket; the need itself is not kept.',
        body: Type.Object(
          {
            lang: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$' })),
            needs: Type.Optional(
              Type.Array(VulnerabilityFlagSchema, {
                uniqueItems: true,
                maxItems: VULNERABILITY_FLAGS.length,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            number: Type.Integer(),
            day: Type.String(),
            takenAt: Type.String(),
            estimatedWaitMinutes: Type.Union([Type.Integer(), Type.Null()]),
          }),
        },
      },
    },
    async (req, reply) => {
      const now = deps.now();
      const recent = (taken.get(req.ip) ?? []).filter((t) => now - t < 60_000);
      if (recent.length >= perMinute)
        throw new CardgateError('QUEUE_RATE_LIMITED', 'too many tickets from this client', { status: 429 });
      taken.set(req.ip, [...recent, now]);
      const priority = ticketPriorityFor(req.body.needs);
      const t = await deps.book.take({ lang: req.body.lang ?? null, priority });
      // The answer is the same for every ticket (and nothing is logged): no screen or log line
      // tells which ticket was given priority, let alone why.
      const wait = deps.book.display().estimatedWaitMinutes;
      return reply
        .code(201)
        .send({ number: t.number, day: t.day, takenAt: t.takenAt, estimatedWaitMinutes: wait });
    },
  );

  app.get(
    '/queue/display',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Now serving, waiting, estimated wait', response: { 200: Display } },
    },
    async () => deps.book.display(),
  );

  app.post(
    '/queue/next',
    {
      config: { access: ['operator'] },
      schema: {
        tags,
        summary: 'Call the next ticket to this desk (priority tickets first)',
        response: { 200: Ticket },
      },
    },
    async (req) => {
      const t = await deps.book.callNext(req.principal!.name);
      req.log.info({ ticket: t.number }, 'ticket called');
      return t;
    },
  );

  app.post(
    '/queue/tickets/:number/priority',
    {
      config: { access: ['operator'] },
      schema: {
        tags,
        summary: "Raise (or lower) a waiting ticket's priority",
        params: Type.Object({ number: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          { priority: Type.Union([Type.Literal('normal'), Type.Literal('priority')]) },
          { additionalProperties: false },
        ),
        response: { 200: Ticket },
      },
    },
    async (req) => deps.book.setPriority(req.params.number, req.body.priority),
  );
};
