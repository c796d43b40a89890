/** Page strings and error texts (`error.<CODE>`) of the chip area, spread into the en catalogue. */
export const chipEn = {
  'error.ENCODER_BAC_REFUSED':
    'The chip did not open with this card’s MRZ (Basic Access Control refused). Check the MRZ or use a new blank.',
  'error.ENCODER_DG_HASH_MISMATCH':
    'A data group on the chip does not match its signed hash. The chip was altered.',
  'error.ENCODER_SOD_INVALID': 'The chip’s security object is missing or its signature is not valid.',
  'error.ENCODER_SIGNER_UNKNOWN':
    'The chip was signed by a document signer this station does not trust (not issued by the country signing CA).',
  'error.ENCODER_SIGNER_REVOKED': 'The chip was signed by a document signer that has been revoked.',
} as const;
