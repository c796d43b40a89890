import Type, { type Static } from 'typebox';
import { StationSection } from './sections/station.js';
import { ApiSection } from './sections/api.js';
import { LogSection } from './sections/log.js';
import { PrinterSection } from './sections/printer.js';
import { EncoderSection } from './sections/encoder.js';
import { BoardSection } from './sections/board.js';
import { CamerasSection } from './sections/cameras.js';
import { MqttSection } from './sections/mqtt.js';
import { IssuanceSection } from './sections/issuance.js';
import { SecuritySection } from './sections/security.js';
import { LinesSection } from './sections/lines.js';
import { ApplicantSection } from './sections/applicant.js';
import { HandoffSection } from './sections/handoff.js';

/** The one schema of the station's configuration; `Config` is derived from it, never written by hand. */
export const ConfigSchema = Type.Object(
  {
    dataDir: Type.String({
      default: './var',
      description: 'Where the station keeps its data, keys and certificates',
    }),
    station: StationSection,
    api: ApiSection,
    log: LogSection,
    printer: PrinterSection,
    encoder: EncoderSection,
    /** Several print lines (absent: one line of `printer` + `encoder`). */
    lines: LinesSection,
    board: BoardSection,
    cameras: CamerasSection,
    mqtt: MqttSection,
    issuance: IssuanceSection,
    security: SecuritySection,
    applicant: ApplicantSection,
    handoff: HandoffSection,
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
