import Type from 'typebox';

/**
 * A day that exists, `YYYY-MM-DD`: the JSON Schema `date` format, which Fastify's Ajv (with
 * ajv-formats in full mode) checks against the calendar, leap years included, so 2026-13-45
 * and 2026-02-30 are refused at the edge. Use it for every date in a query or body.
 */
export const CalendarDate = Type.String({
  format: 'date',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A calendar day, YYYY-MM-DD',
});

/** A day in a query: a calendar date or `today` (the station's local day). */
export const DayQuery = Type.Union([Type.Literal('today'), CalendarDate]);
