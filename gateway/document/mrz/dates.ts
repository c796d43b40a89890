import { CardgateError } from '../../core/errors.js';

const badDate = (field: string, value: string, reason: string): CardgateError =>
  new CardgateError('MRZ_BAD_DATE', `${field}: ${reason}`, { status: 400, details: { field, value } });

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * `YYYY-MM-DD` (parts possibly unknown when `partial`: `XX` for month or day, `XXXX` or a year
 * known only in its first digits, `19XX` or `198X`) → MRZ `YYMMDD`, unknown parts as `<`. The
 * MRZ writes two year digits or none, so `198X` is written like `XXXX`; the printed date keeps
 * what is known. Throws MRZ_BAD_DATE for a malformed or impossible date (30 February, month 13,
 * unknown parts in a date that must be known).
 */
export function mrzDate(value: string, field: string, partial: boolean): string {
  const m = /^([0-9]{4}|[0-9]{3}X|[0-9]{2}XX|[0-9]XXX|XXXX)-([0-9]{2}|XX)-([0-9]{2}|XX)$/.exec(value);
  if (!m) throw badDate(field, value, 'expected YYYY-MM-DD');
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const unknown = (s: string): boolean => s.includes('X');
  if (!partial && (unknown(y) || unknown(mo) || unknown(d)))
    throw badDate(field, value, 'date must be complete');
  if (!unknown(mo)) {
    const month = Number(mo);
    if (month < 1 || month > 12) throw badDate(field, value, 'month out of range');
    if (!unknown(d)) {
      const day = Number(d);
      // Without a year, 29 February is possible: check against a leap year.
      const year = unknown(y) ? 2000 : Number(y);
      if (day < 1 || day > daysInMonth(year, month)) throw badDate(field, value, 'no such day');
    }
  } else if (!unknown(d)) {
    const day = Number(d);
    if (day < 1 || day > 31) throw badDate(field, value, 'day out of range');
  }
  const part = (s: string, len: number): string => (unknown(s) ? '<'.repeat(len) : s.slice(-len));
  return part(y, 2) + part(mo, 2) + part(d, 2);
}
