/** Page strings and error texts (`error.<CODE>`) of the fleet area, spread into the en catalogue. */
export const fleetEn = {} as const;
