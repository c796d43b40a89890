/** Page strings and error texts (`error.<CODE>`) of the hand-off to HQ and enrolment, spread into the en catalogue. */
export const handoffEn = {
  'error.RECORD_JOSE_MALFORMED': 'The record is not a well-formed signed and encrypted record.',
  'error.RECORD_KEY_UNKNOWN': 'The record is encrypted to a headquarters key that is not known here.',
  'error.RECORD_DECRYPT_FAILED': 'The record cannot be decrypted with the headquarters record key.',
  'error.RECORD_SIGNATURE_INVALID': "The record's signature does not match the station's certificate.",
  'error.RECORD_SCHEMA': 'The record does not follow the issuance record format.',
  'error.RECORD_STATION_MISMATCH': 'The record names a different station from the one that signed it.',
  'error.RECORD_TOO_LARGE': 'The record is larger than 1 MB.',
  'error.STATION_UNKNOWN': 'This station is not enrolled at headquarters.',
  'error.STATION_SUSPENDED': 'This station is suspended at headquarters; its records are refused.',
  'error.ENROL_TOKEN_INVALID': 'The enrolment token is not valid.',
  'error.ENROL_TOKEN_EXPIRED':
    'The enrolment token has expired (tokens last 24 hours). Ask headquarters for a new one.',
  'error.ENROL_TOKEN_USED': 'The enrolment token was used already. Ask headquarters for a new one.',
  'error.ENROL_CSR_INVALID': 'The certificate request is not valid.',
  'error.ENROL_HQ_MISMATCH':
    "The server's key does not match the token: this is not the headquarters that issued it. Nothing was stored.",
  'error.ENROL_HQ_UNREACHABLE': 'Headquarters cannot be reached for enrolment.',
  'error.ENROL_EXISTS': 'This station is enrolled already.',
  'error.STATION_EXISTS': 'A station with this site and id exists already.',
  'error.STATION_NOT_FOUND': 'No such station at headquarters.',
  'error.NOT_ENROLLED': 'The station is not enrolled with headquarters: records wait until it is.',
  'error.HQ_KEYS_MISMATCH':
    "HQ's database and key store belong to different installations. Call an administrator.",
  'error.ENROLMENT_FILE_INVALID': "The station's enrolment file cannot be read. Call a technician.",
  'error.HANDOFF_REFUSED': 'Headquarters refused a record; it stays in the queue. Call a technician.',
  'error.HANDOFF_UNREACHABLE':
    'Headquarters cannot be reached; records wait in the queue and are sent later.',
  'error.HANDOFF_OUTBOX_CORRUPT': 'The queue of records for headquarters cannot be read. Call a technician.',
  'error.HANDOFF_RECORD_NOT_BUILT':
    "A card's record for headquarters could not be made yet (key store or disk). It is tried again by itself; if this stays, call a technician.",
  'diag.part.handoff': 'Hand-off to headquarters',
  'diag.reason.handoff.down':
    'not running: this station is not enrolled with headquarters (a technician runs cardgate enrol).',
} as const;
