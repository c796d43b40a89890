/** Counts below this are shown as "<5": a small number can single a person out. */
export const SUPPRESS_BELOW = 5;

/**
 * A count as published: 0 and 5 or more as they are, 1–4 as "<5". Zero stays visible (an office
 * that registered no children is planning information and names nobody).
 */
export const publishedCount = (n: number): number | '<5' => (n > 0 && n < SUPPRESS_BELOW ? '<5' : n);
