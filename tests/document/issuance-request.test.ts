import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { issuanceRoutes } from '../../gateway/api/routes/issuances.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { facePhoto } from '../issuance/fakes.js';
import { makeRig, person, type Rig } from '../issuance/service-helpers.js';

/**
 * Issues 14.2, 21.2 and 21.8: the issuance request is checked before a document number is
 * spent; the station alone sets the document fields; names are text. Every refusal is a 4xx
 * with a field code, and the next good card takes the next number.
 */
let rig: Rig;
let app: FastifyInstance;

afterEach(async () => {
  await app.close();
  await rig.close();
});

async function setup(issuance: Record<string, unknown> = {}) {
  rig = await makeRig({ issuance });
  await rig.service.loadStock(20, 'test-technician');
  app = await buildPluginTestApp(issuanceRoutes, {
    issuance: rig.service,
    bus: rig.bus,
    rules: () => ({ today: '2026-11-28', validityDays: 180, extraNationalities: ['RKS'] }),
  });
}

const create = (p: Record<string, unknown>) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/issuances',
    headers: { 'x-test-role': 'operator' },
    payload: { kind: 'new', person: p, photo: facePhoto().toString('base64') },
  });

async function issueGood(): Promise<string> {
  const res = await create(person());
  expect(res.statusCode).toBe(201);
  await rig.service.idle();
  const job = await rig.service.get((res.json() as { id: string }).id);
  expect(job.status).toBe('done');
  return job.documentNumber!;
}

const refusals: Array<[string, Record<string, unknown>, string, string]> = [
  ['an untransliterable surname', { surname: 'Sh3vch<nko' }, 'surname', 'MRZ_UNTRANSLITERABLE'],
  ['given names in an unsupported script', { givenNames: '王' }, 'givenNames', 'MRZ_UNTRANSLITERABLE'],
  ['a surname with no letter', { surname: '--' }, 'surname', 'MRZ_EMPTY_NAME'],
  ['30 February', { dateOfBirth: '1990-02-30' }, 'dateOfBirth', 'DATE_IMPOSSIBLE'],
  ['29 February of a common year', { dateOfBirth: '1990-02-29' }, 'dateOfBirth', 'DATE_IMPOSSIBLE'],
  ['a birth in the future', { dateOfBirth: '2999-01-01' }, 'dateOfBirth', 'DATE_IN_FUTURE'],
  ['a birth tomorrow', { dateOfBirth: '2026-11-29' }, 'dateOfBirth', 'DATE_IN_FUTURE'],
  ['a birth in year 0', { dateOfBirth: '0000-01-01' }, 'dateOfBirth', 'DATE_OUT_OF_RANGE'],
  ['a birth 131 years ago', { dateOfBirth: '1895-11-27' }, 'dateOfBirth', 'DATE_OUT_OF_RANGE'],
  ['nationality ZZZ', { nationality: 'ZZZ' }, 'nationality', 'NATIONALITY_UNKNOWN'],
  [
    'an expiry from the request',
    { dateOfExpiry: '2099-12-31' },
    'dateOfExpiry',
    'DOCUMENT_FIELD_FROM_STATION',
  ],
  [
    'an expiry before the issue',
    { dateOfExpiry: '2026-01-01' },
    'dateOfExpiry',
    'DOCUMENT_FIELD_FROM_STATION',
  ],
  ['an issuing state', { issuingState: 'USA' }, 'issuingState', 'DOCUMENT_FIELD_FROM_STATION'],
  ['a document code', { documentCode: 'P' }, 'documentCode', 'DOCUMENT_FIELD_FROM_STATION'],
  ['an impossible issue date', { dateOfIssue: '2026-11-31' }, 'dateOfIssue', 'DOCUMENT_FIELD_FROM_STATION'],
  ['a document number', { documentNumber: 'ZZ9999999' }, 'documentNumber', 'DOCUMENT_FIELD_FROM_STATION'],
  ['a bidi override', { surname: 'RTLTEST\u202EUCSE' }, 'surname', 'TEXT_CONTROL_CHARACTER'],
  ['a bidi isolate', { givenNames: 'Ana\u2066Maria' }, 'givenNames', 'TEXT_CONTROL_CHARACTER'],
  ['a zero-width space', { surname: 'Pop\u200Bescu' }, 'surname', 'TEXT_CONTROL_CHARACTER'],
  ['a zero-width joiner', { latinSurname: 'Pop\u200Descu' }, 'latinSurname', 'TEXT_CONTROL_CHARACTER'],
  ['a word joiner', { givenNames: 'Ion\u2060Ion' }, 'givenNames', 'TEXT_CONTROL_CHARACTER'],
  ['a byte-order mark', { surname: '\uFEFFIonescu' }, 'surname', 'TEXT_CONTROL_CHARACTER'],
  [
    'a control character',
    { placeOfResidence: 'Centrul\u0007Timisoara' },
    'placeOfResidence',
    'TEXT_CONTROL_CHARACTER',
  ],
  ['a soft hyphen', { surname: 'Ionescu\u00ADPop' }, 'surname', 'TEXT_CONTROL_CHARACTER'],
];

describe('POST /issuances refuses, before a number is spent', () => {
  it.each(refusals)('%s', async (_what, over, field, code) => {
    await setup();
    const before = rig.service.station().numbersRemaining;
    const res = await create(person(over as never));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'FIELDS_INVALID',
      errors: expect.arrayContaining([{ field, code }]),
    });
    // The refusal names fields and codes, never the values typed.
    for (const v of Object.values(over)) expect(res.body).not.toContain(v);
    expect(rig.service.station().numbersRemaining).toBe(before);
    expect((await rig.service.list({ date: '2026-11-28' })).total).toBe(0);
  });

  it('lists every field to correct at once', async () => {
    await setup();
    const res = await create(
      person({ surname: 'Sh3vch<nko', dateOfBirth: '1990-02-30', nationality: 'ZZZ' }),
    );
    expect(res.statusCode).toBe(422);
    const { errors } = res.json() as { errors: Array<{ field: string; code: string }> };
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'surname', code: 'MRZ_UNTRANSLITERABLE' },
        { field: 'dateOfBirth', code: 'DATE_IMPOSSIBLE' },
        { field: 'nationality', code: 'NATIONALITY_UNKNOWN' },
      ]),
    );
  });

  it('gives the next good card the next number after refusals', async () => {
    await setup();
    expect(await issueGood()).toBe('RT0000001');
    for (const [, over] of refusals) expect((await create(person(over as never))).statusCode).toBe(422);
    expect(await issueGood()).toBe('RT0000002');
  });

  it('accepts stateless, refugee and configured nationalities, and a birth date known only in part', async () => {
    await setup();
    for (const nationality of ['XXA', 'XXB', 'XXC', 'XXX', 'RKS']) {
      const res = await create(person({ nationality }));
      expect(res.statusCode, nationality).toBe(201);
    }
    expect((await create(person({ dateOfBirth: '19XX-XX-XX' }))).statusCode).toBe(201);
    expect((await create(person({ dateOfBirth: '1996-02-29' }))).statusCode).toBe(201);
  });
});

describe('the station owns the document', () => {
  it('sets code, state, dates from its configuration and the number from its ledger', async () => {
    await setup({ documentCode: 'IR', issuingState: 'ROU', validityDays: 180 });
    const res = await create(person());
    await rig.service.idle();
    const job = await rig.service.get((res.json() as { id: string }).id, { withPerson: true });
    expect(job).toMatchObject({ status: 'done', documentNumber: 'RT0000001', dateOfIssue: '2026-11-28' });
    expect(job.dateOfExpiry).toBe('2027-05-27');
  });
});

describe('names are text', () => {
  it('stores and prints the NFC spelling of a name typed decomposed', async () => {
    await setup();
    // Ș typed as S + combining comma below, ă as a + combining breve.
    const res = await create(person({ surname: 'S\u0326tefa\u0306nescu' }));
    expect(res.statusCode).toBe(201);
    const job = await rig.service.get((res.json() as { id: string }).id, { withPerson: true });
    expect(job.person?.surname).toBe('\u0218tef\u0103nescu');
    expect(job.person?.surname).toBe('S\u0326tefa\u0306nescu'.normalize('NFC'));
  });
});
