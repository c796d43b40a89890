import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../gateway/log/logger.js';
import { lazyChildLogger } from '../../gateway/log/lazy-child.js';
import { CardgateError } from '../../gateway/core/errors.js';
import { buildTestApi, login, type TestApi } from './api-app.js';

/** Values a person record carries: none may appear in any log line. */
const PERSON = {
  surname: 'Ahmadzai',
  givenNames: 'Farida Noor',
  latinSurname: 'AHMADZAIX',
  latinGivenNames: 'FARIDANOORX',
  sex: 'F',
  dateOfBirth: '1991-04-17',
  nationality: 'AFG',
  personalCode: '2910417123456',
  placeOfResidence: 'Strada Lalelelor 12, Timisoara',
};
const PHOTO = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk';
/**
 * What must never appear, written out here rather than taken from the list under test
 * (PERSONAL_FIELDS): every identifying value of the person and the photo.
 */
const SECRETS = [
  PERSON.surname,
  PERSON.givenNames,
  PERSON.latinSurname,
  PERSON.latinGivenNames,
  PERSON.dateOfBirth,
  PERSON.personalCode,
  PERSON.placeOfResidence,
  PHOTO,
];

/** `value` wrapped `levels` objects deep under keys that mean nothing to the redaction. */
const nest = (value: unknown, levels: number): unknown =>
  levels === 0 ? value : { [`level${levels}`]: nest(value, levels - 1) };

function capture() {
  let out = '';
  const destination = new Writable({
    write(chunk: Buffer, _e, cb) {
      out += chunk.toString();
      cb();
    },
  });
  return { destination, text: () => out };
}

let t: TestApi | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('log redaction', () => {
  it('redacts every personal field wherever it sits in a log object', async () => {
    const sink = capture();
    const logger = await createLogger({ level: 'trace', pretty: false }, { destination: sink.destination });
    logger.info({ req: { body: { person: PERSON, photo: PHOTO } } }, 'request with a person');
    logger.info({ person: PERSON }, 'whole person');
    logger.info({ ...PERSON, photoJpeg: PHOTO }, 'flat fields');
    logger.warn({ job: { id: 'j1', draft: { person: { ...PERSON }, photo: PHOTO } } }, 'nested job');
    logger.error({ items: [{ surname: PERSON.surname, dateOfBirth: PERSON.dateOfBirth }] }, 'list');
    logger.info(
      {
        req: {
          headers: { authorization: 'Bearer cgt_abc_SECRETTOKEN', cookie: 'cardgate_session=SESSIONID' },
        },
      },
      'headers',
    );
    // Deeper than any fixed redaction path reaches, in objects and in arrays.
    logger.info({ deep: nest({ person: PERSON, photo: PHOTO }, 9) }, 'deep');
    logger.info(
      { deep: nest([{ surname: PERSON.surname, personalCode: PERSON.personalCode }], 12) },
      'deep list',
    );
    const text = sink.text();
    expect(text.split('\n').filter(Boolean)).toHaveLength(8);
    for (const value of [...SECRETS, 'SECRETTOKEN', 'SESSIONID']) expect(text, value).not.toContain(value);
    expect(text).toContain('[redacted]');
    // Not personal: stays readable for whoever reads the log.
    expect(text).toContain('"nationality":"AFG"');
    expect(text).toContain('"id":"j1"');
  });

  it('keeps personal data of a real API request out of the log, even when it fails', async () => {
    t = await buildTestApi({}, async (app) => {
      await app.register(
        async (p) => {
          p.post('/echo-person', { config: { access: 'authenticated' } }, async (req) => {
            req.log.info({ body: req.body }, 'received a person');
            throw new CardgateError('PREVIEW_FAILED', 'could not render', {
              status: 500,
              details: { body: req.body },
            });
          });
          p.post(
            '/strict-person',
            {
              config: { access: 'authenticated' },
              schema: {
                body: {
                  type: 'object',
                  properties: {
                    person: { type: 'object', properties: { surname: { type: 'string', maxLength: 3 } } },
                  },
                },
              },
            },
            async () => ({ ok: true }),
          );
        },
        { prefix: '/api/v1' },
      );
    });
    const cookie = await login(t.app, 'admin', t.adminPassword);
    await t.users.setPassword('admin', 'new-admin-password');
    const failed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/echo-person',
      headers: { cookie },
      payload: { person: PERSON, photo: PHOTO },
    });
    expect(failed.statusCode).toBe(500);
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/v1/strict-person',
      headers: { cookie },
      payload: { person: PERSON, photo: PHOTO },
    });
    expect(invalid.statusCode).toBe(400);
    const log = t.logLines();
    expect(log).toContain('received a person');
    expect(log).toContain('request failed');
    expect(log).toMatch(/"reqId":"[0-9a-f-]{36}"/);
    for (const value of [...SECRETS, t.adminPassword, cookie.split('=')[1]!])
      expect(log, value).not.toContain(value);
    // Problem details name the field, never its value.
    expect(invalid.body).not.toContain(PERSON.surname);
  });

  it('gives every request an id and returns it in x-request-id', async () => {
    t = await buildTestApi();
    const r = await t.app.inject({ url: '/api/v1/health' });
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.app.inject({ url: '/api/v1/nope', headers: { 'x-request-id': 'desk-7.42' } });
    expect(given.headers['x-request-id']).toBe('desk-7.42');
    expect(t.logLines()).toContain('"reqId":"desk-7.42"');
  });
});

describe('per-request logger', () => {
  it('is made only when a request logs, then carries its bindings and the redaction', async () => {
    const sink = capture();
    const parent = await createLogger({ level: 'info', pretty: false }, { destination: sink.destination });
    let made = 0;
    const child = parent.child.bind(parent);
    parent.child = ((...args: Parameters<typeof child>) => {
      made++;
      return child(...args);
    }) as typeof parent.child;
    const quiet = lazyChildLogger(parent, { reqId: 'req-quiet' });
    expect(quiet.level).toBe('info'); // what the station's onResponse hook reads on every request
    expect(made).toBe(0);
    const loud = lazyChildLogger(parent, { reqId: 'req-loud' });
    loud.info({ person: PERSON }, 'failed request');
    loud.warn('again');
    expect(made).toBe(1);
    // The counting wrapper is an own property children would inherit: take it away again.
    delete (parent as { child?: unknown }).child;
    loud.child({ sub: 1 }).error('from a grandchild');
    const lines = sink.text().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.filter((l) => !l.includes('"reqId":"req-loud"'))).toEqual([]);
    expect(lines[2]).toContain('"sub":1');
    for (const value of SECRETS) expect(sink.text(), value).not.toContain(value);
  });
});
