/** Time is passed in so tests can run a day of issuance in milliseconds and telemetry can be checked for skew. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
