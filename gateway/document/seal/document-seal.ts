import { CardgateError } from '../../core/errors.js';
import type { PersonRecord } from '../person.js';
import { encodeC40 } from './c40.js';
import { encodeSeal, type RawSigner } from './codec.js';
import type { SealHeader } from './header.js';
import type { SealFeature } from './message.js';
import { CARDGATE_PROFILE } from './profile.js';

export interface SealSigner extends RawSigner {
  signerId: string;
  certReference: string;
}

/**
 * The seal printed on the card: the MRZ, the personal code and whether identity is only
 * declared, signed by the document signer. A scanner checks them against the printed card.
 */
export async function makeDocumentSeal(
  person: PersonRecord,
  mrz: readonly string[],
  signer: SealSigner,
  opts: { version?: 3 | 4; signatureDate?: string } = {},
): Promise<Uint8Array> {
  if (!person.issuingState || !person.dateOfIssue)
    throw new CardgateError('DOCUMENT_INCOMPLETE', 'the seal needs issuingState and dateOfIssue', {
      status: 400,
    });
  const version = opts.version ?? (signer.certReference.length === 5 ? 3 : 4);
  const header: SealHeader = {
    version,
    issuingState: person.issuingState,
    signerId: signer.signerId,
    certReference: signer.certReference,
    issueDate: person.dateOfIssue,
    signatureDate: opts.signatureDate ?? new Date().toISOString().slice(0, 10),
    featureDefinitionRef: CARDGATE_PROFILE.featureDefinitionRef,
    documentTypeCategory: CARDGATE_PROFILE.documentTypeCategory,
  };
  const features: SealFeature[] = [{ tag: 0x01, value: encodeC40(mrz.join('')) }];
  if (person.personalCode) features.push({ tag: 0x02, value: encodeC40(person.personalCode) });
  features.push({ tag: 0x03, value: Uint8Array.of(person.identityDeclared ? 1 : 0) });
  return encodeSeal(header, features, signer);
}
