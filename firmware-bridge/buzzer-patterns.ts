/** On/off durations in ms, starting with "on". Distinct enough to tell apart without a screen. */
export const BUZZER_PATTERNS = {
  fault: [600, 200, 600, 200, 600],
  attention: [150, 100, 150],
  ok: [80],
} as const satisfies Record<string, readonly number[]>;

export type BuzzerPattern = keyof typeof BUZZER_PATTERNS;
