import Type, { type Static } from 'typebox';
import { EnvelopeFields } from './envelope.js';

const Code = Type.String({ pattern: '^[A-Z0-9_]{1,64}$', description: 'Stable error/event code' });
const Id = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' });
const DeviceClass = Type.Union([
  Type.Literal('printer'),
  Type.Literal('encoder'),
  Type.Literal('camera'),
  Type.Literal('board'),
  Type.Literal('broker'),
]);
const DeviceHealth = Type.Union([
  Type.Literal('online'),
  Type.Literal('degraded'),
  Type.Literal('offline'),
  Type.Literal('fault'),
]);
/** Device readings, flattened to primitives so nothing unexpected (or personal) rides along. */
const Readings = Type.Record(
  Type.String(),
  Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean(), Type.Null()]),
);

export const StatusPayload = Type.Object(
  {
    ...EnvelopeFields,
    state: Type.Union([Type.Literal('online'), Type.Literal('offline')]),
    version: Type.String(),
    bootTime: Type.String({ format: 'date-time' }),
    reason: Type.Optional(Type.Union([Type.Literal('will'), Type.Literal('shutdown')])),
    training: Type.Optional(Type.Boolean({ description: 'The station runs in training mode' })),
  },
  {
    additionalProperties: false,
    title: 'status',
    description: 'Retained. online on connect; offline as last will or on shutdown',
  },
);

export const DeviceSummary = Type.Object(
  {
    id: Id,
    class: DeviceClass,
    driver: Type.String(),
    transport: Type.String(),
    emulated: Type.Boolean(),
    state: DeviceHealth,
    lastErrorCode: Type.Union([Type.String(), Type.Null()]),
    lastSeen: Type.Union([Type.String(), Type.Null()]),
    readings: Readings,
  },
  { additionalProperties: false },
);

export const BirthPayload = Type.Object(
  {
    ...EnvelopeFields,
    site: Type.String(),
    station: Type.String(),
    name: Type.String(),
    version: Type.String(),
    node: Type.String(),
    bootTime: Type.String({ format: 'date-time' }),
    protocolVersion: Type.Union([Type.Literal(4), Type.Literal(5)]),
    healthIntervalSeconds: Type.Integer({ minimum: 1 }),
    commands: Type.Array(Type.String()),
    devices: Type.Array(DeviceSummary),
    training: Type.Optional(Type.Boolean({ description: 'The station runs in training mode' })),
  },
  { additionalProperties: false, title: 'birth', description: 'Sent on every connect and on rebirth' },
);

export const ClockSync = Type.Union([
  Type.Literal('synchronised'),
  Type.Literal('unsynchronised'),
  Type.Literal('unknown'),
]);

const LineStateName = Type.Union([
  Type.Literal('offline'),
  Type.Literal('fault'),
  Type.Literal('out-of-service'),
  Type.Literal('busy'),
  Type.Literal('idle'),
]);

/** One print line's health: ids, states and codes only (a job id, never whose card it is). */
export const LineHealth = Type.Object(
  {
    line: Type.String({ maxLength: 32, description: 'The line id (line-1, line-2, …)' }),
    state: LineStateName,
    code: Type.Union([Code, Type.Null()], {
      description: 'Why the line takes no job (e.g. CARD_JAM, LINE_READER_MISSING, LINE_OUT_OF_SERVICE)',
    }),
    stage: Type.Union(
      [
        Type.Literal('feeding'),
        Type.Literal('encoding'),
        Type.Literal('printing'),
        Type.Literal('ejecting'),
        Type.Literal('rejecting'),
        Type.Null(),
      ],
      { description: "The step of the line's current card, null when idle" },
    ),
    inFeeder: Type.Integer({ minimum: 0, description: 'Blanks in its feeder by the books' }),
    ribbonRemaining: Type.Union([Type.Number(), Type.Null()], {
      description: 'Ribbon left as the printer reports it (panels or percent), null when unknown',
    }),
  },
  { additionalProperties: false },
);

export const HealthPayload = Type.Object(
  {
    ...EnvelopeFields,
    devices: Type.Array(DeviceSummary),
    system: Type.Object(
      {
        uptimeSeconds: Type.Number(),
        processUptimeSeconds: Type.Number(),
        memory: Type.Object({
          rssBytes: Type.Integer(),
          freeBytes: Type.Integer(),
          totalBytes: Type.Integer(),
        }),
        disk: Type.Union([
          Type.Object({ freeBytes: Type.Integer(), totalBytes: Type.Integer() }),
          Type.Null(),
        ]),
        clock: ClockSync,
      },
      { additionalProperties: false },
    ),
    outbox: Type.Object(
      {
        depth: Type.Integer({ minimum: 0 }),
        overLimit: Type.Boolean(),
        coalescedHealth: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    keyStore: Type.Optional(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('file'), Type.Literal('pkcs11')]),
          development: Type.Boolean({ description: 'keys in the development file store, not in a token' }),
          usable: Type.Boolean({ description: 'the station can sign documents now' }),
          reason: Type.Union([Type.String({ maxLength: 40 }), Type.Null()], {
            description: 'why not, e.g. token-missing, pin-rejected, token-removed, token-required',
          }),
          since: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false, description: 'which key store signs, and whether it can' },
      ),
    ),
    handoff: Type.Optional(
      Type.Object(
        {
          pending: Type.Integer({ minimum: 0, description: 'issuance records not yet acknowledged by HQ' }),
          oldestPendingAgeSeconds: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
            description: 'age of the oldest record waiting (null: none waiting)',
          }),
          lastAckAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
            description: 'when HQ last acknowledged a record (null: never)',
          }),
          lastErrorCode: Type.Union([Type.String({ maxLength: 40 }), Type.Null()], {
            description: 'code of the last failed attempt since the last success, e.g. HANDOFF_UNREACHABLE',
          }),
        },
        {
          additionalProperties: false,
          description: 'the hand-off of issuance records to HQ (counts and times only, no personal data)',
        },
      ),
    ),
    lines: Type.Optional(
      Type.Array(LineHealth, {
        maxItems: 16,
        description: 'Each print line (issue 19); a station with one printer is line-1',
      }),
    ),
  },
  {
    additionalProperties: false,
    title: 'health',
    description: 'Periodic (QoS 0, coalesced to the latest sample while offline)',
  },
);

const Count = Type.Integer({ minimum: 0 });
export const CountersPayload = Type.Object(
  {
    ...EnvelopeFields,
    totals: Type.Object({
      issued: Count,
      spoiled: Count,
      voided: Count,
      byKind: Type.Record(Type.String(), Count),
    }),
    today: Type.Object({ date: Type.String(), issued: Count, spoiled: Count, voided: Count }),
    stock: Type.Object({ loaded: Count, inFeeder: Count, good: Count, spoiled: Count }),
    numbers: Type.Object({ remaining: Count }),
    /** Per print line (issue 19): the line id, its cards issued and spoiled, blanks in its feeder. */
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          { line: Type.String({ maxLength: 32 }), issued: Count, spoiled: Count, inFeeder: Count },
          { additionalProperties: false },
        ),
        { maxItems: 16 },
      ),
    ),
  },
  { additionalProperties: false, title: 'counters', description: 'Retained, QoS 1, through the outbox' },
);

export const EventPayload = Type.Object(
  {
    ...EnvelopeFields,
    level: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('fault')]),
    code: Code,
    source: Type.String({ maxLength: 64 }),
    /** Extra identifiers only (job id, job kind/status, lock origin); never names or free text. */
    detail: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Union([Type.String({ maxLength: 64 }), Type.Number(), Type.Boolean(), Type.Null()]),
      ),
    ),
  },
  {
    additionalProperties: false,
    title: 'events',
    description: 'QoS 1 through the outbox; codes only, no personal data',
  },
);

export const ReplyPayload = Type.Object(
  {
    ...EnvelopeFields,
    command: Type.String({ maxLength: 64 }),
    requestId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    ok: Type.Boolean(),
    result: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    error: Type.Optional(Type.Object({ code: Code, message: Type.String({ maxLength: 300 }) })),
  },
  {
    additionalProperties: false,
    title: 'reply',
    description: 'Reply to cmd/<name> on reply/<name>; QoS 1 through the outbox',
  },
);

export const DiagnosticsPayload = Type.Object(
  {
    ...EnvelopeFields,
    requestId: Type.String(),
    versions: Type.Record(Type.String(), Type.String()),
    devices: Type.Array(DeviceSummary),
    recentEvents: Type.Array(
      Type.Object({ ts: Type.String(), level: Type.String(), code: Type.String(), source: Type.String() }),
    ),
    station: Type.Unknown({
      description: 'What the station diagnostics handler returns (redacted config, queue sizes)',
    }),
    telemetry: Type.Record(Type.String(), Type.Unknown()),
    truncated: Type.Optional(Type.Literal(true, { description: 'Bundle was over mqtt.maxPayloadBytes' })),
  },
  {
    additionalProperties: false,
    title: 'diagnostics',
    description: 'Bundle published on request-diagnostics (QoS 1, no personal data)',
  },
);

export type StatusMessage = Static<typeof StatusPayload>;
export type BirthMessage = Static<typeof BirthPayload>;
export type HealthMessage = Static<typeof HealthPayload>;
export type CountersMessage = Static<typeof CountersPayload>;
export type EventMessage = Static<typeof EventPayload>;
export type ReplyMessage = Static<typeof ReplyPayload>;
export type DiagnosticsMessage = Static<typeof DiagnosticsPayload>;
export type DeviceSummaryT = Static<typeof DeviceSummary>;
