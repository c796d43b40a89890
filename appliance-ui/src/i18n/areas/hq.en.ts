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
} as const;
