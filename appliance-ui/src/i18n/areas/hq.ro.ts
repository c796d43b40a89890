/** Page strings and error texts (`error.<CODE>`) of the hq area, spread into the ro catalogue. */
export const hqRo = {} as const;
