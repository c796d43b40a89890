import Type, { type Static } from 'typebox';
import type { EmulatorFault } from '../../drivers/printer/emulator/faults.js';

/**
 * The faults a trainer can schedule, each one from the emulators' own fault lists, placed at the
 * moment of a card where it teaches something: the ribbon ends while the front's magenta panel
 * prints, the cover opens as the back starts, the card jams on the front's black panel, the card is
 * pulled out of the encoder at its first write, the feeder is found empty.
 */
export const DRILL_FAULTS = {
  'ribbon-ends': { device: 'printer', fault: { fault: 'ribbon-ended', when: { side: 'front', panel: 'm' } } },
  'cover-opens-on-back': {
    device: 'printer',
    fault: { fault: 'cover-open', when: { side: 'back', panel: 'k' } },
  },
  'card-jams': { device: 'printer', fault: { fault: 'jam', panel: 'k', side: 'front' } },
  'feeder-empty': { device: 'printer', fault: { fault: 'feeder-empty' } },
  'card-pulled-from-encoder': { device: 'encoder', fault: null },
} as const satisfies Record<string, { device: 'printer' | 'encoder'; fault: EmulatorFault | null }>;

export type DrillFault = keyof typeof DRILL_FAULTS;
export const DRILL_FAULT_NAMES = Object.keys(DRILL_FAULTS) as DrillFault[];

export const DrillFaultSchema = Type.Unsafe<DrillFault>({ type: 'string', enum: [...DRILL_FAULT_NAMES] });

export const DrillRequest = Type.Object(
  {
    fault: DrillFaultSchema,
    /** The card it happens on: 1 is the next card started, 3 the third from now. */
    card: Type.Integer({ minimum: 1, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type DrillRequest = Static<typeof DrillRequest>;

export const Drill = Type.Object(
  {
    id: Type.String(),
    fault: DrillFaultSchema,
    card: Type.Integer(),
    scheduledAt: Type.String(),
    scheduledBy: Type.String(),
    state: Type.Union([Type.Literal('scheduled'), Type.Literal('armed'), Type.Literal('cancelled')]),
    /** The job of the card it was armed on (no personal data: ids, numbers, trainee names). */
    jobId: Type.Union([Type.String(), Type.Null()]),
    documentNumber: Type.Union([Type.String(), Type.Null()]),
    trainee: Type.Union([Type.String(), Type.Null()]),
    /** The error code the card met (the fault box the trainee saw), once it happened. */
    met: Type.Union([Type.String(), Type.Null()]),
    /** The trainee cleared it: the card was finished after the fault. */
    cleared: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Drill = Static<typeof Drill>;
