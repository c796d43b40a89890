/** Page strings and error texts (`error.<CODE>`) of the applicant area, spread into the en catalogue. */
export const applicantEn = {} as const;
