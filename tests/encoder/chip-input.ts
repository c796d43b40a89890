import { randomBytes } from 'node:crypto';
import type { ChipPersonalization, ChipSigner } from '../../drivers/encoder/interface.js';

/** A TD1 MRZ, a ~12 KB JPEG-framed face and a document-data record, as the document module makes. */
export function chipInput(signer: ChipSigner, over: Partial<ChipPersonalization> = {}): ChipPersonalization {
  const mrz =
    'IDXYZAB12345670<<<<<<<<<<<<<<<' + '9001014M3001018XYZ<<<<<<<<<<<4' + 'DOE<<JANE<<<<<<<<<<<<<<<<<<<<<';
  const face = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    randomBytes(12_000 - 6),
    Buffer.from([0xff, 0xd9]),
  ]);
  const documentData = Buffer.from(
    JSON.stringify({
      documentNumber: 'AB1234567',
      issued: '2026-11-28',
      expires: '2031-11-27',
      personalCode: '39001010000',
      residence: 'Example street 1, Example town',
    }),
  );
  return {
    jobId: 'job-1',
    dg1: new Uint8Array(Buffer.from(mrz, 'ascii')),
    dg2: new Uint8Array(face),
    documentData: new Uint8Array(documentData),
    signer,
    ...over,
  };
}
