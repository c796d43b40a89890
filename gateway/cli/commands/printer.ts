import type { Command } from 'commander';

export function register(program: Command): void {
  const printer = program.command('printer').description('Printer tools');
  printer
    .command('status')
    .description('Print identity, ribbon, counters and sensors of a printer as JSON')
    .requiredOption('--printer <url>', 'tcp://host:9100, serial:///dev/ttyUSB0?baud=115200, usb://vid:pid')
    .option('--timeout-ms <n>', 'time-out of one command', '5000')
    .action(async (opts: { printer: string; timeoutMs: string }) => {
      const { createPrinter } = await import('../../../drivers/printer/factory.js');
      const { printerCliError } = await import('./printer-cli-errors.js');
      try {
        const p = createPrinter(opts.printer, {
          id: 'cli',
          commandTimeoutMs: Math.max(100, Number(opts.timeoutMs) || 5000),
          pollIntervalMs: 0,
        });
        await p.connect();
        try {
          const identity = await p.identity();
          const status = await p.status();
          process.stdout.write(
            `${JSON.stringify({ identity, ready: status.ready, fault: status.fault, ribbon: status.ribbon, feeder: status.feeder, coverOpen: status.coverOpen, cardInside: status.cardInside, needsCleaning: status.needsCleaning, counters: status.counters, sensors: status.sensors }, null, 2)}\n`,
          );
        } finally {
          await p.close();
        }
      } catch (e) {
        throw printerCliError(e);
      }
    });
}
