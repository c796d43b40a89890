import type { SignerProfile } from '../document/seal/signer.js';

/** Marks training certificates in their subject, so any inspection system shows what they are. */
export const TRAINING_OU = 'TRAINING - cards made here are not valid';

/**
 * The training signer: a TRAINING CSCA and a DS it issued, generated on first use into the
 * training data directory's `pki/`. Their keys have labels of their own, so on a station whose
 * production keys are in a token the training keys sit beside them and never reuse the production
 * CSCA or document signer key (the development profile's labels would).
 */
export const TRAINING_PROFILE: SignerProfile = {
  labels: { csca: 'cardgate-training-csca', documentSigner: 'cardgate-training-document-signer' },
  organization: 'cardgate training',
  organizationalUnit: TRAINING_OU,
  cscaCommonName: (country) => `cardgate TRAINING CSCA ${country}`,
};
