/** Page strings and error texts (`error.<CODE>`) of the lines area, spread into the ro catalogue. */
export const linesRo = {} as const;
