import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { PERSON_KEYS } from '../../gateway/document/person.js';
import { IssuanceRecord } from '../../gateway/handoff/contract/record.js';
import { buildRecord, type RecordContext } from '../../gateway/handoff/record-builder.js';
import type { JobRecord } from '../../gateway/issuance/job.js';
import { queuedJob } from '../issuance/parts-rig.js';
import { person } from '../issuance/service-helpers.js';

const at = '2026-11-30T10:00:00.000Z';
// A finished job, from the issuance tests' job fixture.
const job = (over: Partial<JobRecord> = {}): JobRecord =>
  queuedJob('20261130-00000000a1', {
    status: 'done',
    createdAt: at,
    updatedAt: at,
    operator: 'ana',
    documentNumber: 'RT0000041',
    dateOfIssue: '2026-11-30',
    dateOfExpiry: '2027-11-30',
    attempts: 1,
    numberFate: 'issued',
    history: [{ status: 'done', at }],
    ...over,
  });
const context: RecordContext = {
  siteId: 'site-a',
  stationId: 'st-1',
  training: false,
  issuingState: 'ROU',
  documentCode: 'ID',
  devices: { printerSerial: null, encoderSerial: null },
  cardStockSerial: null,
  auditHead: 'a'.repeat(64),
  previousNumber: null,
  now: new Date(at),
};

describe('the hand-off record builder', () => {
  it('copies every person field of the schema and no document field into the record', () => {
    // Every person field filled (the optional ones too), plus document fields the job owns.
    const full = person({
      latinSurname: 'AMIROVA',
      latinGivenNames: 'LEILA',
      personalCode: '2900101123456',
      placeOfResidence: 'Galați',
      identityDeclared: true,
      documentNumber: 'XX9999999',
      optionalData: 'SHOULDNOTGO',
    });
    for (const k of PERSON_KEYS) expect(full[k], k).toBeDefined();
    const record = buildRecord(job(), full, null, undefined, context)!;
    // The record contract's person block (docs/hq.md), spelled out: a field lost here fails.
    expect(Object.keys(record.person!).sort()).toEqual([
      'dateOfBirth',
      'givenNames',
      'identityDeclared',
      'latinGivenNames',
      'latinSurname',
      'nationality',
      'personalCode',
      'placeOfResidence',
      'sex',
      'surname',
    ]);
    for (const k of PERSON_KEYS) expect(record.person![k]).toEqual(full[k]);
    expect(record.document.number).toBe('RT0000041'); // the job's number, not the form's
    expect(Value.Check(IssuanceRecord, record)).toBe(true);
  });

  it('leaves out optional person fields the person does not have', () => {
    const record = buildRecord(job(), person({ personalCode: undefined }), null, undefined, context)!;
    expect(record.person).not.toHaveProperty('personalCode');
    expect(Value.Check(IssuanceRecord, record)).toBe(true);
  });
});
