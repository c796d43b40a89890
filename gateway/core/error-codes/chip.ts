import type { CatalogueEntry } from '../error-catalogue.js';

/** Error codes of the chip area, spread into ERROR_CATALOGUE (one file per area keeps merges apart). */
export const chipCodes = {
  // EncoderError codes of the ICAO LDS1 profile (drivers/encoder/profiles/icao-lds1)
  /** The chip refused Basic Access Control: the MRZ given does not open this card. */
  ENCODER_BAC_REFUSED: { status: 502 },
  /** A data group on the chip differs from the hash EF.SOD signs. */
  ENCODER_DG_HASH_MISMATCH: { status: 502 },
  /** EF.SOD missing, malformed, or its signature does not verify. */
  ENCODER_SOD_INVALID: { status: 502 },
  /** The document signer does not chain to a trusted CSCA. */
  ENCODER_SIGNER_UNKNOWN: { status: 502 },
  /** The document signer is revoked by its CSCA's CRL. */
  ENCODER_SIGNER_REVOKED: { status: 502 },
} as const satisfies Record<string, CatalogueEntry>;
