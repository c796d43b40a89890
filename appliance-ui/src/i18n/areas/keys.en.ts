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
} as const;
