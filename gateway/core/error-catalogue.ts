/**
 * Every error code the station answers or logs, in one table grouped by layer (as Fastify's
 * lib/errors.js and OpenSC's errors.c): code → HTTP status. The operator's text for a code lives
 * in the page catalogue under `error.<code>` (appliance-ui/src/i18n/errors.*.ts), in Romanian and
 * English; a test checks that every code here has both and that every code the sources throw is
 * here. CardgateError takes its status from this table; device errors (drivers/device/errors.ts)
 * are found here under their `catalogueCode` (`PRINTER_COVER_OPEN`).
 *
 * Adding a code: one line here, one text in each language, then throw it.
 */
import { hqCodes } from './error-codes/hq.js';
import { fleetCodes } from './error-codes/fleet.js';
import { keysCodes } from './error-codes/keys.js';
import { chipCodes } from './error-codes/chip.js';
import { applicantCodes } from './error-codes/applicant.js';
import { linesCodes } from './error-codes/lines.js';
import { protectionCodes } from './error-codes/protection.js';
import { trainingCodes } from './error-codes/training.js';
import { handoffCodes } from './error-codes/handoff.js';
import { verifyCodes } from './error-codes/verify.js';

export interface CatalogueEntry {
  /** HTTP status the API answers with when this error reaches a route. */
  status: number;
}

const e = (status: number): CatalogueEntry => ({ status });

export const ERROR_CATALOGUE = {
  // HTTP layer (the problem handler itself)
  VALIDATION: e(400),
  UNSUPPORTED_MEDIA_TYPE: e(415),
  ORIGIN_FORBIDDEN: e(403),
  NOT_FOUND: e(404),
  INTERNAL: e(500),

  // access and sessions
  UNAUTHENTICATED: e(401),
  FORBIDDEN: e(403),
  PASSWORD_CHANGE_REQUIRED: e(403),
  ACCESS_UNDECLARED: e(500),
  LOGIN_FAILED: e(401),
  LOGIN_RATE_LIMITED: e(429),
  PASSWORD_WRONG: e(400),
  PASSWORD_UNCHANGED: e(400),
  PASSWORD_TOO_SHORT: e(400),
  PASSWORD_TOO_SIMPLE: e(400),
  PASSWORD_TOO_COMMON: e(400),

  // users and tokens
  USER_EXISTS: e(409),
  USER_NOT_FOUND: e(404),
  USER_NAME_INVALID: e(400),
  ROLE_INVALID: e(400),
  LAST_ADMIN: e(409),
  TOKEN_NOT_FOUND: e(404),
  USERS_FILE_CORRUPT: e(500),

  // configuration, TLS, files, command line
  CONFIG_INVALID: e(500),
  TLS_CONFIG: e(400),
  TLS_FILE: e(400),
  FILE_UNREADABLE: e(400),
  BAD_OPTION: e(400),
  BAD_ARGUMENT: e(400),
  SERIAL_OPEN_FAILED: e(400),
  AUDIT_LOG_MISSING: e(400),
  CERT_INVALID: e(400),
  ISSUE_INPUT_REQUIRED: e(400),
  KIND_INVALID: e(400),
  PERSON_FILE_INVALID: e(400),
  BATCH_INVALID: e(400),
  BATCH_UNREADABLE: e(400),
  SERVER_URL_INVALID: e(400),
  SERVER_UNREACHABLE: e(503),
  CREDENTIALS_REQUIRED: e(400),
  JOB_DECODE: e(400),

  // storage and keys
  STORAGE_CORRUPT: e(500),
  STORAGE_CLOSED: e(500),
  STORAGE_BAD_PARTITION: e(500),
  DATA_KEY_INVALID: e(500),
  DATA_KEY_INSECURE: e(500),
  DATA_KEY_FROM_ENV: e(500),
  DATA_KEY_UNKNOWN: e(500),
  SEALED_BLOB_INVALID: e(500),
  SEALED_BLOB_TAMPERED: e(500),
  JOB_ID_INVALID: e(400),

  // document: person, photo, MRZ, seal, template
  PERSON_INVALID: e(400),
  DATE_INVALID: e(400),
  DOCUMENT_INCOMPLETE: e(400),
  PHOTO_INVALID: e(400),
  PHOTO_UNREADABLE: e(400),
  PHOTO_FORMAT: e(400),
  PHOTO_TOO_LARGE: e(400),
  PHOTO_BUDGET: e(422),
  MRZ_INPUT_INVALID: e(400),
  MRZ_BAD_CHARACTER: e(400),
  MRZ_BAD_DATE: e(400),
  MRZ_BAD_FIELD: e(400),
  MRZ_EMPTY_NAME: e(400),
  MRZ_FIELD_TOO_LONG: e(400),
  MRZ_UNTRANSLITERABLE: e(400),
  MRZ_FONT_MISSING: e(503),
  SEAL_MALFORMED: e(400),
  SEAL_BAD_DATE: e(400),
  SEAL_C40: e(400),
  SEAL_TOO_LARGE: e(400),
  SEAL_NOT_FOUND: e(400),
  SIGNER_INVALID: e(500),
  TEMPLATE_INVALID: e(500),
  CARD_PICTURE_INVALID: e(400),
  // a request checked field by field (gateway/document/checks): FIELDS_INVALID carries
  // `errors: [{ field, code }]` with the codes below, which the pages show at the field
  FIELDS_INVALID: e(422),
  FIELD_INVALID: e(422),
  TEXT_CONTROL_CHARACTER: e(422),
  DATE_IMPOSSIBLE: e(422),
  DATE_IN_FUTURE: e(422),
  DATE_OUT_OF_RANGE: e(422),
  DATE_ORDER: e(422),
  EXPIRY_BEYOND_VALIDITY: e(422),
  NATIONALITY_UNKNOWN: e(422),
  DOCUMENT_FIELD_FROM_STATION: e(422),
  PREVIEW_RATE_LIMITED: e(429),
  PREVIEW_BUSY: e(503),

  // issuance: jobs, numbers, stock
  JOB_NOT_FOUND: e(404),
  JOB_BAD_TRANSITION: e(409),
  JOB_NOT_CANCELLABLE: e(409),
  JOB_NOT_RESUMABLE: e(409),
  JOB_NOT_RETRYABLE: e(409),
  JOB_NOT_VOIDABLE: e(409),
  VOID_REASON_REQUIRED: e(400),
  PREVIOUS_JOB_REQUIRED: e(400),
  PREVIOUS_JOB_NOT_FOUND: e(400),
  PREVIOUS_JOB_NOT_DONE: e(409),
  DOCUMENT_NUMBER_FROM_STATION: e(400),
  NUMBER_BLOCK_INVALID: e(400),
  NUMBER_BLOCK_OVERLAP: e(409),
  STOCK_COUNT_INVALID: e(400),
  STOCK_EMPTY: e(409),
  PRINTER_NOT_READY: e(409),
  STATION_LOCKED: e(409),
  ISSUANCE_DISABLED: e(409),

  // telemetry and headquarters' commands
  COMMAND_UNAUTHENTICATED: e(401),
  COMMAND_ARGS_INVALID: e(400),
  COMMAND_KEYS_INVALID: e(500),
  BROKER_CREDENTIALS_INVALID: e(500),
  TELEMETRY_PAYLOAD_INVALID: e(500),

  // devices as the station finds them
  DEVICE_NOT_FOUND: e(404),
  PRINTER_NOT_FOUND: e(404),
  /** The technician's console sends reads only: moving, printing, settings and firmware are refused. */
  CONSOLE_COMMAND_REFUSED: e(403),
  /** Any console command while a card job uses the printer. */
  CONSOLE_PRINTER_BUSY: e(409),
  PRINTER_ACTION_BUSY: e(409),
  ENCODER_NOT_FOUND: e(404),
  ENCODER_FAILED: e(500),
  CAMERA_NOT_FOUND: e(404),
  CAMERA_FAILED: e(500),
  BOARD_NOT_CONFIGURED: e(404),

  // printer faults (PrinterFault): the printer cannot serve until someone or something acts
  PRINTER_COVER_OPEN: e(503),
  PRINTER_FEEDER_EMPTY: e(503),
  PRINTER_RIBBON_ENDED: e(503),
  PRINTER_RIBBON_MISSING: e(503),
  PRINTER_CARD_JAM: e(503),
  PRINTER_NEED_CLEANING: e(503),
  PRINTER_MECHANICAL: e(503),
  PRINTER_TIMEOUT: e(503),
  PRINTER_DISCONNECTED: e(503),
  PRINTER_PROTOCOL: e(503),
  PRINTER_COMMAND_REJECTED: e(503),

  // encoder errors (EncoderError)
  ENCODER_NO_READER: e(503),
  ENCODER_NO_CARD: e(409),
  ENCODER_CARD_REMOVED: e(409),
  ENCODER_FILE_EXISTS: e(502),
  ENCODER_FILE_NOT_FOUND: e(502),
  ENCODER_SECURITY: e(502),
  ENCODER_MEMORY: e(502),
  ENCODER_TIMEOUT: e(504),
  ENCODER_PCSC_UNAVAILABLE: e(503),
  ENCODER_CARD_ERROR: e(502),
  ENCODER_VERIFY_FAILED: e(502),
  ENCODER_TOO_LARGE: e(502),

  // camera errors (CameraError)
  CAMERA_TIMEOUT: e(504),
  CAMERA_UNAUTHORIZED: e(502),
  CAMERA_BAD_IMAGE: e(502),
  CAMERA_DISCONNECTED: e(503),
  CAMERA_HTTP_ERROR: e(502),
  CAMERA_UNAVAILABLE: e(503),

  // station board errors (BoardError)
  BOARD_OFFLINE: e(503),
  BOARD_HANDSHAKE_TIMEOUT: e(503),
  BOARD_PORT_CLOSED: e(503),

  // byte transports (TransportError), below every device
  TRANSPORT_OPEN: e(503),
  TRANSPORT_CLOSED: e(503),
  TRANSPORT_WRITE: e(503),
  TRANSPORT_URL: e(400),
  TRANSPORT_USB_NOT_FOUND: e(503),
  TRANSPORT_USB_UNAVAILABLE: e(503),

  // one file per newer area (gateway/core/error-codes/)
  ...hqCodes,
  ...fleetCodes,
  ...keysCodes,
  ...chipCodes,
  ...applicantCodes,
  ...linesCodes,
  ...protectionCodes,
  ...trainingCodes,
  ...handoffCodes,
  ...verifyCodes,
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const isCatalogued = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CATALOGUE, code);

/** The HTTP status of a code; uncatalogued codes (a test keeps them out) answer 500. */
export const statusOf = (code: string): number => (isCatalogued(code) ? ERROR_CATALOGUE[code].status : 500);

/** The key of the operator's text in the page catalogue (appliance-ui/src/i18n). */
export const operatorTextKey = (code: string): `error.${string}` => `error.${code}`;
