import type { AuditLog } from '../audit/audit-log.js';
import type { PrinterAttachment } from '../devices/printer.js';
import type { CardEncoder } from '../../drivers/encoder/interface.js';
import type { DocumentSigner } from '../document/seal/signer.js';
import type { IssuanceService } from '../issuance/service.js';
import type { BoardAttachment } from '../devices/board.js';
import type { Camera } from '../../drivers/camera/interface.js';
import type { Telemetry } from '../telemetry/telemetry.js';

/**
 * What the station's components hand each other while starting (in start order: audit, devices,
 * document signer, issuance, board, cameras, telemetry). Each field is set by the one component
 * that owns it; later components read it.
 */
export interface StationParts {
  audit?: AuditLog;
  printer?: PrinterAttachment;
  /** Control endpoint of the embedded printer emulator, for demos and end-to-end tests. */
  printerEmulatorControl?: string | null;
  encoder?: CardEncoder;
  signer?: DocumentSigner;
  /** False when the MRZ would print in a fallback face: real printers are refused. */
  printReady?: boolean;
  printReadyReason?: string | null;
  issuance?: IssuanceService;
  board?: BoardAttachment | null;
  cameras?: ReadonlyMap<string, Camera>;
  telemetry?: Telemetry;
}
