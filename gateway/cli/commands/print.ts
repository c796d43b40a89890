import type { Command } from 'commander';
import { CardgateError } from '../../core/errors.js';

export function register(program: Command): void {
  program
    .command('print')
    .description('Send one card to a printer without the station')
    .requiredOption('--printer <url>', 'tcp://host:9100, serial:///dev/ttyUSB0?baud=115200, usb://vid:pid')
    .requiredOption('--front <file>', 'front side picture (PNG or JPEG)')
    .option('--back <file>', 'back side picture')
    .option('--ribbon <type>', 'ribbon type: ymcko, ymckok, ko, k, …', 'ymcko')
    .option('--timeout-ms <n>', 'time-out of one command', '10000')
    .action(
      async (opts: { printer: string; front: string; back?: string; ribbon: string; timeoutMs: string }) => {
        if (!/^[a-z]{1,8}$/i.test(opts.ribbon))
          throw new CardgateError('BAD_ARGUMENT', `bad ribbon '${opts.ribbon}'`, { status: 400 });
        const timeout = Number(opts.timeoutMs);
        if (!Number.isInteger(timeout) || timeout < 100)
          throw new CardgateError('BAD_ARGUMENT', '--timeout-ms must be ≥ 100', { status: 400 });
        const { createPrinter } = await import('../../../drivers/printer/factory.js');
        const { cardSideFromPicture } = await import('../../../drivers/printer/card-image-png.js');
        const { printerCliError } = await import('./printer-cli-errors.js');
        try {
          const front = await cardSideFromPicture(opts.front);
          const back = opts.back ? await cardSideFromPicture(opts.back) : undefined;
          const printer = createPrinter(opts.printer, {
            id: 'cli',
            commandTimeoutMs: timeout,
            pollIntervalMs: 0,
          });
          printer.on('progress', (p) => {
            process.stderr.write(
              `${p.step}${p.side ? ` ${p.side}` : ''}${p.panel ? ` ${p.panel}` : ''} ${p.bytesSent} bytes\n`,
            );
          });
          await printer.connect();
          try {
            await printer.print({
              jobId: `cli-${Date.now()}`,
              ribbon: opts.ribbon.toLowerCase(),
              image: { front, ...(back ? { back } : {}) },
            });
          } finally {
            await printer.close();
          }
          process.stdout.write(`${JSON.stringify({ printed: true, ribbon: opts.ribbon })}\n`);
        } catch (e) {
          throw printerCliError(e);
        }
      },
    );
}
