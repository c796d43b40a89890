/** Page strings and error texts (`error.<CODE>`) of the applicant area, spread into the ro catalogue. */
export const applicantRo = {} as const;
