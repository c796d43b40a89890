import Type from 'typebox';

/** Version of the topic contract; bumped on any incompatible payload change. */
export const CONTRACT_VERSION = 1;

/**
 * Fields every published message carries, so a receiver can tell gaps (`seq`), duplicates
 * (same `bootId` + `seq`), restarts (new `bootId`) and late deliveries (`historical`).
 * `seq` counts per boot and per stream (the topic's last segment: events, counters, reply, …).
 */
export const EnvelopeFields = {
  v: Type.Literal(CONTRACT_VERSION),
  seq: Type.Integer({
    minimum: 0,
    description: 'Per boot and per stream, starts at 1, no gaps in durable streams',
  }),
  bootId: Type.String({ minLength: 8, maxLength: 64, description: 'Random id of the gateway process run' }),
  ts: Type.String({ format: 'date-time', description: 'Station clock when the message was made' }),
  historical: Type.Optional(
    Type.Literal(true, { description: 'Set when the message was held in the outbox and replayed later' }),
  ),
};
