import { PERSONAL_FIELDS } from '../document/person.js';

/** Credentials that may ride on a request or a log object. */
const CREDENTIAL_FIELDS = ['password', 'current', 'next', 'token', 'secret'] as const;

/** How deep under any key a personal field is still found (`*.*.*.surname`). */
const MAX_DEPTH = 5;

/**
 * pino redaction paths: every personal field of a person record and every credential, at the
 * top of a log object and nested up to MAX_DEPTH levels under any key (req.body.person.surname,
 * job.person.photo, …), plus the headers that carry sessions and tokens.
 */
export function redactionPaths(): string[] {
  const fields = [...PERSONAL_FIELDS, ...CREDENTIAL_FIELDS];
  const paths = new Set<string>();
  for (const f of fields) {
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      paths.add([...Array<string>(depth).fill('*'), f].join('.'));
    }
  }
  for (const h of ['authorization', 'cookie', '"set-cookie"', '"x-api-token"']) {
    paths.add(`req.headers.${h}`);
    paths.add(`res.headers.${h}`);
    paths.add(`headers.${h}`);
  }
  return [...paths];
}

export const REDACTION_CENSOR = '[redacted]';

const REDACTED_KEYS: ReadonlySet<string> = new Set([...PERSONAL_FIELDS, ...CREDENTIAL_FIELDS]);

/**
 * The same fields below MAX_DEPTH, where the path list stops (pino's path redaction needs a path
 * per depth). Walks only what lies deeper than the paths reach and copies only what it changes,
 * so the common shallow log object costs one pass over its top levels.
 */
export function redactBeyondPaths(obj: Record<string, unknown>): Record<string, unknown> {
  return walk(obj, 0, new WeakSet()) as Record<string, unknown>;
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    value.forEach((v, i) => {
      const w = walk(v, depth + 1, seen);
      if (w !== v) (out ??= [...value])[i] = w;
    });
    return out ?? value;
  }
  // Errors, buffers and the like keep their own serialisers.
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
    return value;
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(value)) {
    const w = depth >= MAX_DEPTH && REDACTED_KEYS.has(k) ? REDACTION_CENSOR : walk(v, depth + 1, seen);
    if (w !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = w;
  }
  return out ?? value;
}
