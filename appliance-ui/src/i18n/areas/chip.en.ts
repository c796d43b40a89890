/** Page strings and error texts (`error.<CODE>`) of the chip area, spread into the en catalogue. */
export const chipEn = {} as const;
