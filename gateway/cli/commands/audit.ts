import type { Command } from 'commander';

/** `cardgate audit verify --data-dir DIR`: checks the hash chain offline (exit 0 valid, 1 broken). */
export function register(program: Command): void {
  const audit = program.command('audit').description('Check the station’s hash-chained audit trail');
  audit
    .command('verify')
    .description('Verify the audit chain and report the first broken entry')
    .requiredOption('--data-dir <dir>', 'the station’s data directory')
    .action(async (opts: { dataDir: string }) => {
      const { existsSync } = await import('node:fs');
      const { CardgateError } = await import('../../core/errors.js');
      const { verifyAuditFile, auditPath } = await import('../../audit/audit-log.js');
      const path = auditPath(opts.dataDir);
      if (!existsSync(path))
        throw new CardgateError('AUDIT_LOG_MISSING', `no audit trail at ${path}`, { status: 400 });
      const report = await verifyAuditFile(path);
      process.stdout.write(JSON.stringify(report) + '\n');
      if (!report.valid) {
        const b = report.firstBroken!;
        process.stderr.write(
          `cardgate: audit chain broken at line ${b.line} (seq ${b.seq ?? '?'}): ${b.reason}\n`,
        );
        process.exitCode = 1;
      }
    });
}
