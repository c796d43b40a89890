/**
 * Calendar checks on `YYYY-MM-DD` dates (unknown parts of a date of birth written `X`), and the
 * document's dates as the station sets them. Pure: the operator page uses the same rules.
 */

const DAY_MS = 86_400_000;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Proleptic Gregorian, any year 0–9999 (Date.UTC would read years below 100 as 19xx). */
function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : DAYS[month - 1]!;
}

/** Is `YYYY-MM-DD` a day that exists (no 31 November, 29 February only in leap years)? */
export function isCalendarDate(value: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** The span of days a partial date (`1990-XX-XX`, `19XX-XX-XX`, `XXXX-03-XX`) may stand for. */
export interface DateSpan {
  earliest: string;
  latest: string;
}

/**
 * Earliest and latest day a possibly partial date can be, or null when no day fits (month 13,
 * 30 February, or a malformed value). An unknown year allows 29 February.
 */
export function partialDateSpan(value: string): DateSpan | null {
  const m = /^([0-9X]{4})-([0-9]{2}|XX)-([0-9]{2}|XX)$/.exec(value);
  if (!m || !/^[0-9]*X*$/.test(m[1]!)) return null;
  const [ys, ms, ds] = [m[1]!, m[2]!, m[3]!];
  const yLo = Number(ys.replace(/X/g, '0'));
  const yHi = Number(ys.replace(/X/g, '9'));
  const month = ms === 'XX' ? null : Number(ms);
  const day = ds === 'XX' ? null : Number(ds);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null) {
    const maxDay =
      month === null ? 31 : ys.includes('X') ? daysInMonth(2000, month) : daysInMonth(yLo, month);
    if (day < 1 || day > maxDay) return null;
  }
  const iso = (y: number, mo: number, d: number): string =>
    `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const loMonth = month ?? 1;
  const hiMonth = month ?? 12;
  return {
    earliest: iso(yLo, loMonth, day ?? 1),
    latest: iso(
      yHi,
      hiMonth,
      day === null ? daysInMonth(yHi, hiMonth) : Math.min(day, daysInMonth(yHi, hiMonth)),
    ),
  };
}

/** `YYYY-MM-DD` plus whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` minus whole years (29 February falls back to 28 February). */
export function minusYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const year = y - years;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysInMonth(year, m))).padStart(2, '0')}`;
}

/**
 * The dates a card issued on `dateOfIssue` carries: valid `validityDays` days. The one rule
 * used by the issuance, the preview and the operator page, so what is shown is what prints.
 */
export function documentDates(
  dateOfIssue: string,
  validityDays: number,
): { dateOfIssue: string; dateOfExpiry: string } {
  return { dateOfIssue, dateOfExpiry: addDays(dateOfIssue, validityDays) };
}
