import Type, { type Static } from 'typebox';

/**
 * A waiting-room ticket. It carries no personal data: a number, when it was taken and called,
 * the desk that called it. `priority` is set by issue 20 (vulnerable people first); the queue
 * calls every `priority` ticket before any `normal` one, each in the order taken.
 */
export const TicketPriority = Type.Union([Type.Literal('normal'), Type.Literal('priority')]);
export type TicketPriority = Static<typeof TicketPriority>;

export const TicketStatus = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('called'),
  Type.Literal('done'),
  Type.Literal('skipped'),
]);

export const Ticket = Type.Object(
  {
    /** Shown big; counts from 1 each day. */
    number: Type.Integer({ minimum: 1 }),
    /** YYYY-MM-DD the ticket was taken (numbers restart each day). */
    day: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
    takenAt: Type.String(),
    priority: TicketPriority,
    status: TicketStatus,
    calledAt: Type.Union([Type.String(), Type.Null()]),
    /** The desk (operator account) that called it. */
    desk: Type.Union([Type.String(), Type.Null()]),
    /** Language chosen at the information point, so the display can greet in it. */
    lang: Type.Union([Type.String({ maxLength: 8 }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type Ticket = Static<typeof Ticket>;

/** What survives a restart: the tickets of the day and the recent issuance times (for the rate). */
export const QueueFile = Type.Object(
  {
    version: Type.Literal(1),
    day: Type.String(),
    nextNumber: Type.Integer({ minimum: 1 }),
    tickets: Type.Array(Ticket),
    /** Epoch ms of the latest cards done (newest last), for the measured issuance rate. */
    issuedAt: Type.Array(Type.Number()),
  },
  { additionalProperties: false },
);
export type QueueFile = Static<typeof QueueFile>;
