export {
  openAuditLog,
  verifyAuditFile,
  auditPath,
  type AuditLog,
  type AuditEntry,
  type VerifyReport,
} from './audit-log.js';
