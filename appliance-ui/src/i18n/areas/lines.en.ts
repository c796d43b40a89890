/** Page strings and error texts (`error.<CODE>`) of the lines area, spread into the en catalogue. */
export const linesEn = {} as const;
