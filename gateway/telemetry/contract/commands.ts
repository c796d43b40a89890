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
} satisfies Record<CommandName, unknown>;
