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
