/**
 * How long a real YMCKO card takes in a desktop retransfer-free (direct-to-card) printer such as
 * the Evolis Primacy, from the maker's figures and our own stopwatch on one: the feed, each
 * ribbon panel (colour panels are slower than black and overlay), turning the card for the back,
 * the eject. A duplex YMCKO/K card comes to about 21 s, 170 cards an hour before the chip.
 * `timeScale` multiplies every step, so a benchmark can run a hundred times faster (0.01) and
 * keep the ratios between feed, panels and chip that decide how lines share a queue.
 */
export interface PrintTiming {
  /** Feeder to print head (or to the contact station). */
  feedMs: number;
  /** Contact station to print head, when the chip was written first. */
  contactToPrintMs: number;
  panelMs: Record<string, number>;
  /** A panel not named above. */
  otherPanelMs: number;
  /** Turning the card for the back side. */
  flipMs: number;
  ejectMs: number;
  rejectMs: number;
  cleanMs: number;
}

export const YMCKO_TIMING: PrintTiming = {
  feedMs: 1500,
  contactToPrintMs: 800,
  panelMs: { y: 3000, m: 3000, c: 3000, k: 2500, o: 2000 },
  otherPanelMs: 2500,
  flipMs: 2000,
  ejectMs: 1500,
  rejectMs: 1500,
  cleanMs: 30_000,
};

/** The realistic timing times `scale` (0 makes every step instant). */
export function scaledTiming(scale: number, base: PrintTiming = YMCKO_TIMING): PrintTiming {
  const s = (ms: number): number => Math.round(ms * scale * 1000) / 1000;
  return {
    feedMs: s(base.feedMs),
    contactToPrintMs: s(base.contactToPrintMs),
    panelMs: Object.fromEntries(Object.entries(base.panelMs).map(([k, v]) => [k, s(v)])),
    otherPanelMs: s(base.otherPanelMs),
    flipMs: s(base.flipMs),
    ejectMs: s(base.ejectMs),
    rejectMs: s(base.rejectMs),
    cleanMs: s(base.cleanMs),
  };
}

/** The emulator options for the station's `printer.emulator` section. */
export function emulatorTiming(cfg: { timing?: 'panel' | 'realistic'; timeScale?: number }): {
  timing?: PrintTiming;
} {
  return cfg.timing === 'realistic' ? { timing: scaledTiming(cfg.timeScale ?? 1) } : {};
}

/** A step of the card's way through the printer. */
export type PrintStep = 'feed' | 'contactToPrint' | 'flip' | 'eject' | 'reject' | 'clean';

/**
 * How long a step takes: the real card's time when the model has one, else the emulator's
 * one-speed `panelMs` (a flip is instant and a cleaning two panels, as before the timing model).
 */
export function stepMs(timing: PrintTiming | null, panelMs: number, step: PrintStep): number {
  if (timing) return timing[`${step}Ms`];
  return step === 'flip' ? 0 : step === 'clean' ? panelMs * 2 : panelMs;
}

/** How long one ribbon panel takes to print. */
export function panelTime(timing: PrintTiming | null, panelMs: number, panel: string): number {
  return timing ? (timing.panelMs[panel.toLowerCase()] ?? timing.otherPanelMs) : panelMs;
}
