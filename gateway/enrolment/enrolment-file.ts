import { join } from 'node:path';
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';
import { CardgateError } from '../core/errors.js';
import { EnrolResponse } from '../handoff/contract/enrolment.js';
import { readFileIfExists, writeFileDurable } from '../storage/durable-file.js';

/** Where enrolment leaves what the station knows of HQ (public material only: no secret). */
export const enrolmentPath = (dataDir: string): string => join(dataDir, 'hq', 'enrolment.json');

export const EnrolmentFile = Type.Object(
  {
    v: Type.Literal(1),
    hqUrl: Type.String(),
    enrolledAt: Type.String({ format: 'date-time' }),
    /** KeyStore label of the identity key the station certificate is for (changes on re-key). */
    identityLabel: Type.String(),
    /** `x5t#S256` of the station certificate: the JWS header naming it. */
    certThumbprint: Type.String(),
    ...EnrolResponse.properties,
  },
  { additionalProperties: false },
);
export type EnrolmentFile = Static<typeof EnrolmentFile>;

/** The station's enrolment, or undefined when it has none (ENROLMENT_FILE_INVALID when unreadable). */
export async function readEnrolment(dataDir: string): Promise<EnrolmentFile | undefined> {
  const path = enrolmentPath(dataDir);
  const buf = await readFileIfExists(path);
  if (!buf) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(buf.toString('utf8'));
  } catch (cause) {
    throw new CardgateError('ENROLMENT_FILE_INVALID', `${path} is not JSON`, { cause });
  }
  if (!Value.Check(EnrolmentFile, body)) {
    const first = Value.Errors(EnrolmentFile, body)[0];
    throw new CardgateError(
      'ENROLMENT_FILE_INVALID',
      `${path} ${first?.instancePath || '/'}: ${first?.message}`,
    );
  }
  return body;
}

export async function writeEnrolment(dataDir: string, file: EnrolmentFile): Promise<void> {
  await writeFileDurable(enrolmentPath(dataDir), `${JSON.stringify(file, null, 2)}\n`, 0o600);
}
