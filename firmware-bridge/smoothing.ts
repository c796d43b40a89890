/**
 * Exponential moving average: one jittery ADC sample must not flip a warning, yet a real
 * change must show within a few samples (alpha 0.3 reaches 90 % of a step in 7 samples).
 */
export class Ema {
  #value: number | null = null;
  constructor(readonly alpha: number) {}

  push(sample: number): number {
    this.#value = this.#value === null ? sample : this.#value + this.alpha * (sample - this.#value);
    return this.#value;
  }

  get value(): number | null {
    return this.#value;
  }

  reset(): void {
    this.#value = null;
  }
}

export const round1 = (v: number): number => Math.round(v * 10) / 10;
