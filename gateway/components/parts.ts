import type { AuditLog } from '../audit/audit-log.js';
import type { PrinterAttachment } from '../devices/printer.js';
import type { CardEncoder } from '../../drivers/encoder/interface.js';
import type { DocumentSigner } from '../document/seal/signer.js';
import type { IssuanceService } from '../issuance/service.js';
import type { Telemetry } from '../telemetry/telemetry.js';

/**
 * What the station's components hand each other while starting (in start order: audit, printer,
 * encoder, document signer, issuance, telemetry). Each field is set by the one component
 * that owns it; later components read it.
 */
export interface StationParts {
  audit?: AuditLog;
  printer?: PrinterAttachment;
  encoder?: CardEncoder;
  signer?: DocumentSigner;
  issuance?: IssuanceService;
  telemetry?: Telemetry;
}
