/** Page strings and error texts (`error.<CODE>`) of the fleet area, spread into the ro catalogue. */
export const fleetRo = {} as const;
