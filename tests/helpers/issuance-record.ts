import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeTd1 } from '../../gateway/document/mrz/index.js';
import { recordIdOf, type IssuanceRecord } from '../../gateway/handoff/contract/index.js';

const root = join(import.meta.dirname, '..', 'fixtures');
/** The test face (a real ~14 KB JPEG), base64 as a record carries it. */
export const FACE_JPEG_BASE64 = readFileSync(join(root, 'face.jpg')).toString('base64');

export interface RecordFixture {
  siteId?: string;
  stationId?: string;
  jobId?: string;
  number?: string;
  surname?: string;
  givenNames?: string;
  dateOfBirth?: string;
  finalState?: IssuanceRecord['finalState'];
}

/** A complete issued-card record as a station builds it (for JOSE, ingest and registry tests). */
export function sampleRecord(f: RecordFixture = {}): IssuanceRecord {
  const stationId = f.stationId ?? 'st-01';
  const jobId = f.jobId ?? '20261130-00000000a1';
  const finalState = f.finalState ?? 'issued';
  const number = f.number ?? 'RT0000041';
  const person = {
    surname: f.surname ?? 'Shevchenko',
    givenNames: f.givenNames ?? 'Yuliia',
    sex: 'F' as const,
    dateOfBirth: f.dateOfBirth ?? '1991-04-17',
    nationality: 'UKR',
    personalCode: '2910417123456',
    placeOfResidence: 'Centrul Regional Galați',
  };
  const mrz = composeTd1({
    documentCode: 'ID',
    issuingState: 'ROU',
    documentNumber: number,
    dateOfExpiry: '2027-05-29',
    ...person,
  });
  return {
    v: 1,
    recordId: recordIdOf(stationId, jobId, finalState),
    finalState,
    jobKind: 'new',
    jobId,
    siteId: f.siteId ?? 'site-ro-gl',
    stationId,
    training: false,
    document: {
      number,
      documentCode: 'ID',
      issuingState: 'ROU',
      dateOfIssue: '2026-11-30',
      dateOfExpiry: '2027-05-29',
      previousNumber: null,
    },
    person,
    photoJpeg: FACE_JPEG_BASE64,
    mrz,
    seal: Buffer.from('DC03seal-bytes-of-the-test').toString('base64'),
    chipSecurityObject: Buffer.from('30820000sod').toString('base64'),
    cardStockSerial: 'BLANK-000123',
    spoiledBlanks: 0,
    operatorId: 'op-ana',
    devices: { printerSerial: 'PRN-EMU-1', encoderSerial: 'ENC-EMU-1' },
    voidReason: null,
    timestamps: {
      createdAt: '2026-11-30T08:00:00.000Z',
      finalAt: '2026-11-30T08:01:10.000Z',
      recordedAt: '2026-11-30T08:01:10.500Z',
    },
    auditHead: 'a'.repeat(64),
  };
}
