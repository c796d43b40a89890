/** Page strings and error texts (`error.<CODE>`) of the hq area, spread into the en catalogue. */
export const hqEn = {
  'error.DB_URL_INVALID': 'The database address must be postgres://… or "embedded".',
  'error.DB_UNAVAILABLE':
    'The headquarters database cannot be reached. Try again in a moment; if it persists, call the operations team.',
  'error.DB_IN_USE':
    'The embedded database is open in another process. Stop that headquarters service first, or use the PostgreSQL address.',
  'error.MIGRATION_INVALID': 'The database migration files are not valid. Call the operations team.',
  'error.MIGRATION_CHANGED': 'A database migration changed after it was applied. Call the operations team.',
  'error.MIGRATION_FAILED':
    'A database migration failed; nothing of it was applied. Call the operations team.',
  'error.PERMISSION_INVALID': 'Unknown permission. The only one is protection.',
  'error.RECORD_CONFLICT':
    'A record with this id was received before with different content; it was not stored.',
  'error.RECORD_UNREADABLE':
    'A stored record cannot be decrypted (its key is missing or the data is damaged). Call the operations team.',
  'error.RECORD_NOT_FOUND': 'No record for this document number in the registry.',
  'error.DOCUMENT_NOT_FOUND': 'No document with this number in the registry.',
  'error.DOCUMENT_STATUS_FINAL': 'This document is no longer valid; its status cannot change this way.',
  'error.REASON_REQUIRED': 'Say why you need to see this record (the reason is kept in the access log).',
} as const;
