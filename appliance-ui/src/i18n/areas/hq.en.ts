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
  'hq.nav.home': 'Home',
  'hq.nav.documents': 'Document status',
  'hq.notFound': 'There is no such page.',
  'hq.role.admin': 'administrator',
  'hq.role.caseworker': 'caseworker',
  'hq.role.verifier': 'verifier',
  'hq.role.supervisor': 'supervisor',
  'hq.home.title': 'Headquarters',
  'hq.home.admin': 'You manage the accounts and the stations and can open every page.',
  'hq.home.caseworker':
    'You find records of issued documents, with the reason for every look, and revoke documents or report them lost.',
  'hq.home.verifier': 'You check whether a document is valid by its number; you see no personal data.',
  'hq.home.supervisor': 'You follow the stations and the counts of issued cards.',
  'hq.documents.title': 'Document status',
  'hq.documents.number': 'Document number',
  'hq.documents.look': 'Check',
  'hq.documents.code': 'Document type',
  'hq.documents.issued': 'Issued on',
  'hq.documents.expires': 'Valid until',
  'hq.documents.station': 'Issued at (site / station)',
  'hq.status.valid': 'Valid',
  'hq.status.expired': 'Expired',
  'hq.status.revoked': 'Revoked',
  'hq.status.voided': 'Voided',
  'hq.status.replaced': 'Replaced by a newer document',
  'hq.status.lost': 'Reported lost',
} as const;
