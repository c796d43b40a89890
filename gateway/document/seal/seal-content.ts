import { readTd1, type Td1Fields } from '../mrz/read-td1.js';
import type { DecodedSeal } from './codec.js';
import { describeFeature, findProfile } from './profile.js';

/** What a verifier is shown from a seal: its header facts and the features of our profile. */
export interface SealContent {
  issuingState: string;
  signerId: string;
  certReference: string;
  issueDate: string;
  signatureDate: string;
  profile: string | null;
  mrz: string[] | null;
  /** The MRZ's fields, when the MRZ is a well-formed TD1. */
  fields: Td1Fields | null;
  personalCode: string | null;
  identityDeclared: boolean | null;
}

/** Browser-safe: the verify page and the server show the same reading of a seal. */
export function sealContent(seal: DecodedSeal): SealContent {
  const profile = findProfile(seal.header.featureDefinitionRef, seal.header.documentTypeCategory);
  const byName = new Map(seal.features.map((f) => describeFeature(f, profile)).map((d) => [d.name, d.value]));
  const mrz = byName.get('mrz');
  const lines = Array.isArray(mrz) ? mrz : null;
  const code = byName.get('personalCode');
  const declared = byName.get('identityDeclared');
  return {
    issuingState: seal.header.issuingState,
    signerId: seal.header.signerId,
    certReference: seal.header.certReference,
    issueDate: seal.header.issueDate,
    signatureDate: seal.header.signatureDate,
    profile: profile?.name ?? null,
    mrz: lines,
    fields: lines ? readTd1(lines) : null,
    personalCode: typeof code === 'string' ? code.trim() : null,
    identityDeclared: typeof declared === 'boolean' ? declared : null,
  };
}
