/** Page strings and error texts (`error.<CODE>`) of the chip area, spread into the ro catalogue. */
export const chipRo = {
  'error.ENCODER_BAC_REFUSED':
    'Cipul nu s-a deschis cu MRZ-ul acestui card (controlul de acces de bază a fost refuzat). Verificați MRZ-ul sau folosiți un card nou.',
  'error.ENCODER_DG_HASH_MISMATCH':
    'Un grup de date de pe cip nu corespunde amprentei semnate. Cipul a fost modificat.',
  'error.ENCODER_SOD_INVALID': 'Obiectul de securitate al cipului lipsește sau semnătura lui nu este validă.',
  'error.ENCODER_SIGNER_UNKNOWN':
    'Cipul a fost semnat de un semnatar de documente în care stația nu are încredere (nu este emis de autoritatea națională de certificare).',
  'error.ENCODER_SIGNER_REVOKED': 'Cipul a fost semnat de un semnatar de documente revocat.',
} as const;
