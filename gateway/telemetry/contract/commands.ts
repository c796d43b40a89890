import Type, { type Static } from 'typebox';
import { CONTRACT_VERSION } from './envelope.js';
import type { CommandName } from './topics.js';

const RequestId = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' });
const base = { v: Type.Literal(CONTRACT_VERSION), requestId: RequestId };
const opts = { additionalProperties: false };

/** A block of document numbers leased by the data centre; `first`..`last` inclusive. */
export const NumberBlock = Type.Object(
  {
    blockId: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }),
    prefix: Type.String({ pattern: '^[A-Z0-9]{0,4}$', default: '' }),
    first: Type.Integer({ minimum: 0, maximum: 99_999_999 }),
    last: Type.Integer({ minimum: 0, maximum: 99_999_999 }),
  },
  opts,
);
export type NumberBlockT = Static<typeof NumberBlock>;

/** Statuses headquarters announces to stations (a document with none announced is as issued). */
export const AnnouncedStatus = Type.Union([
  Type.Literal('revoked'),
  Type.Literal('lost'),
  Type.Literal('voided'),
  Type.Literal('replaced'),
]);
export type AnnouncedStatusT = Static<typeof AnnouncedStatus>;

/**
 * One status change of a document, numbered by HQ (`seq` rises with every change HQ records),
 * so a station applies a batch idempotently and HQ resends from what a station acknowledged.
 * No personal data: the number, the status and when.
 */
export const DocumentStatusChange = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    number: Type.String({ pattern: '^[A-Z0-9]{1,20}$' }),
    status: AnnouncedStatus,
    at: Type.String({ format: 'date-time' }),
  },
  opts,
);
export type DocumentStatusChangeT = Static<typeof DocumentStatusChange>;
/** At most this many changes per command (keeps a command well under its 16 KB limit). */
export const MAX_STATUS_CHANGES = 100;

export const CommandSchemas = {
  rebirth: Type.Object({ ...base }, { ...opts, title: 'cmd/rebirth' }),
  'set-telemetry-interval': Type.Object(
    { ...base, healthIntervalSeconds: Type.Integer({ minimum: 5, maximum: 86_400 }) },
    { ...opts, title: 'cmd/set-telemetry-interval' },
  ),
  'request-diagnostics': Type.Object({ ...base }, { ...opts, title: 'cmd/request-diagnostics' }),
  'lock-station': Type.Object(
    { ...base, reason: Type.String({ minLength: 1, maxLength: 200 }) },
    { ...opts, title: 'cmd/lock-station' },
  ),
  'unlock-station': Type.Object({ ...base }, { ...opts, title: 'cmd/unlock-station' }),
  'assign-number-block': Type.Object(
    { ...base, block: NumberBlock },
    { ...opts, title: 'cmd/assign-number-block' },
  ),
  'document-status': Type.Object(
    { ...base, changes: Type.Array(DocumentStatusChange, { minItems: 1, maxItems: MAX_STATUS_CHANGES }) },
    {
      ...opts,
      title: 'cmd/document-status',
      description:
        'Status changes (revoked, lost, voided, replaced) from HQ for the station’s local status list; the reply’s result holds highestSeq, the last change the station holds',
    },
  ),
} satisfies Record<CommandName, unknown>;
