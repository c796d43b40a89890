/** Page strings and error texts (`error.<CODE>`) of the chip area, spread into the ro catalogue. */
export const chipRo = {} as const;
