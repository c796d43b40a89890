/** Page strings and error texts (`error.<CODE>`) of the hq area, spread into the en catalogue. */
export const hqEn = {} as const;
