/** Page strings and error texts (`error.<CODE>`) of the key store, spread into the en catalogue. */
export const keysEn = {
  'error.KEY_LABEL_INVALID': 'A key name in the settings is not valid. Call a technician.',
  'error.KEY_FILE_INSECURE': 'A key file can be read by other users. A technician must fix its permissions.',
  'error.KEY_NOT_FOUND': 'A key the station needs is missing. Call a technician.',
  'error.KEY_EXISTS': 'A key with this name exists already.',
  'error.KEY_UNWRAP_FAILED': 'Protected data cannot be opened with this station’s keys. Call a technician.',
  'error.KEY_STORE_UNAVAILABLE': 'Signing token unavailable. Call a technician to check the token.',
  'error.KEY_STORE_TOKEN_REQUIRED':
    'Signing token unavailable: this station must sign with a token and none is configured. Call a technician.',
  'error.DATA_KEYS_FOREIGN':
    'The protected data in this station belongs to another station’s token. Call a technician.',
  'error.DATA_KEYS_CORRUPT': 'The station’s list of protected data keys is damaged. Call a technician.',
  'error.PKI_NAME_INVALID': 'A certificate name is not valid (the country must be two capital letters).',
  'error.PKI_CSR_INVALID': 'The certificate request is not valid for a document signer.',
  'error.PKI_CSCA_KEY_MISMATCH':
    'The country signing CA certificate does not belong to the key in this token.',
  'error.PKI_VALIDITY_INVALID': 'The certificate would be valid longer than the certificate that issues it.',
  'error.PKI_SIGNER_UNKNOWN': 'The document was signed by a signer no trusted country signing CA issued.',
  'error.PKI_SIGNER_REVOKED': 'The document signer’s certificate has been revoked.',
  'error.PKI_SIGNER_EXPIRED': 'The document signer’s certificate was not valid when the document was signed.',
  'error.PKI_CRL_INVALID': 'The revocation list is not signed by the country signing CA or is out of date.',
  'error.PKI_CSCA_MISSING':
    'There is no country signing CA here yet: create it first (cardgate pki csca init).',
  'error.PKI_BOOKS_CORRUPT': 'The country signing CA’s list of issued certificates is damaged.',
  'error.PKI_DS_MISMATCH': 'This document signer certificate is not for the key in this station’s token.',
  'event.KEY_STORE_UNAVAILABLE': 'Signing token unavailable: issuing is locked until it is back.',
  'event.KEY_STORE_TOKEN_REQUIRED': 'No signing token configured: this station must sign with a token.',
  'event.KEY_STORE_AVAILABLE': 'Signing token available again.',
  'diag.part.key-store': 'Key store',
  'diag.reason.key-store.degraded':
    'development key files beside the data, not in a signing token. Set up a token for production (see docs/keys.md).',
  'diag.reason.key-store.down':
    'signing token unavailable. Check that the token is plugged in and that its PIN file is right (see docs/keys.md); issuing resumes by itself when it answers.',
} as const;
