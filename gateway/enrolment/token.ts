import { Value } from 'typebox/value';
import { CardgateError } from '../core/errors.js';
import { EnrolmentToken } from '../handoff/contract/enrolment.js';

const PREFIX = 'cge1.';

/** The token as printed: `cge1.` + base64url(JSON). One line, safe to paste into a shell. */
export function formatToken(t: EnrolmentToken): string {
  return PREFIX + Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

/** Reads a printed token (ENROL_TOKEN_INVALID when it is not one). */
export function parseToken(text: string): EnrolmentToken {
  const s = text.trim();
  let body: unknown;
  try {
    if (!s.startsWith(PREFIX) || !/^[A-Za-z0-9_-]+$/.test(s.slice(PREFIX.length))) throw new Error('format');
    body = JSON.parse(Buffer.from(s.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch (cause) {
    throw new CardgateError('ENROL_TOKEN_INVALID', 'the enrolment token is not a cardgate token (cge1.…)', {
      cause,
    });
  }
  if (!Value.Check(EnrolmentToken, body))
    throw new CardgateError('ENROL_TOKEN_INVALID', 'the enrolment token does not hold the expected fields');
  return body;
}
