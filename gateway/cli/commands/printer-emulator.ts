import type { Command } from 'commander';
import { CardgateError } from '../../core/errors.js';

const int =
  (name: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new CardgateError('BAD_ARGUMENT', `${name} must be a whole number`, { status: 400 });
    return n;
  };

export function register(program: Command): void {
  const cmd = program
    .command('printer-emulator')
    .description('Run the Evolis card printer emulator over TCP or a serial device, or decode a captured job')
    .option('--tcp <port>', 'listen on this TCP port (0 = any free port)', int('--tcp'))
    .option('--host <host>', 'TCP address to listen on', '127.0.0.1')
    .option('--serial <path>', 'serve this serial device (e.g. one end of a socat pty pair)')
    .option('--panel-ms <n>', 'simulated print time of one panel', int('--panel-ms'), 400)
    .option('--feeder-cards <n>', 'blank cards in the feeder', int('--feeder-cards'), 100)
    .option('--ribbon <type>', 'ribbon loaded', 'ymcko')
    .option('--out <dir>', 'write a PNG of each printed side and a JSON record of each job here')
    .option('--control-port <n>', 'HTTP control endpoint port (0 = any free port)', int('--control-port'))
    .option(
      '--fault <fault>',
      'inject a fault at start (repeatable): cover-open, feeder-empty, ribbon-ended, ribbon-missing, need-cleaning, jam:PANEL[:SIDE], disconnect[:PANEL], garbage[:N], slow:MS[:N]',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(
      async (opts: {
        tcp?: number;
        host: string;
        serial?: string;
        panelMs: number;
        feederCards: number;
        ribbon: string;
        out?: string;
        controlPort?: number;
        fault: string[];
      }) => {
        const { startPrinterEmulator, parseFault } =
          await import('../../../drivers/printer/emulator/index.js');
        if (opts.tcp !== undefined && opts.serial)
          throw new CardgateError('BAD_ARGUMENT', 'choose --tcp or --serial, not both', { status: 400 });
        let faults;
        try {
          faults = opts.fault.map((f) => parseFault(f));
        } catch (e) {
          throw new CardgateError('BAD_ARGUMENT', (e as Error).message, { status: 400 });
        }
        const emu = await startPrinterEmulator({
          ...(opts.serial ? { serialPath: opts.serial } : { tcpPort: opts.tcp ?? 9100, host: opts.host }),
          panelMs: opts.panelMs,
          feederCards: opts.feederCards,
          ribbon: opts.ribbon,
          ...(opts.out ? { outDir: opts.out } : {}),
          ...(opts.controlPort !== undefined ? { controlPort: opts.controlPort } : {}),
          faults,
          log: (line) => process.stderr.write(`printer-emulator: ${line}\n`),
        });
        process.stdout.write(`${JSON.stringify({ listening: emu.url, control: emu.controlUrl })}\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', resolve);
          process.once('SIGINT', resolve);
        });
        await emu.close();
      },
    );

  cmd
    .command('decode')
    .description('Decode a captured printer job stream into commands and panels (JSON on stdout)')
    .argument('<file>', 'raw job stream')
    .option('--out <dir>', 'also write each panel as a PNG here')
    .action(async (file: string, own: { out?: string }, self: Command) => {
      // Commander hands a `--out` after `decode` to the parent command, which has one too.
      const opts = { out: own.out ?? (self.parent?.opts() as { out?: string } | undefined)?.out };
      const { mkdir, writeFile } = await import('node:fs/promises');
      const { join } = await import('node:path');
      const { decodeJob } = await import('../../../drivers/printer/evolis/job-decoder.js');
      const { readInputFile } = await import('../read-input.js');
      const bytes = await readInputFile(file);
      const { panelSummary } = await import('../../../drivers/printer/panel-summary.js');
      let job;
      try {
        job = decodeJob(bytes);
      } catch (e) {
        throw new CardgateError('JOB_DECODE', (e as Error).message, { status: 400 });
      }
      if (opts.out) {
        const { panelPng } = await import('../../../drivers/printer/emulator/side-png.js');
        await mkdir(opts.out, { recursive: true });
        for (const [si, s] of job.sides.entries())
          for (const [pi, p] of s.panels.entries())
            await writeFile(
              join(opts.out, `${si}-${s.side}-${pi}-${p.panel}.png`),
              await panelPng(p.values, p.levels, p.width, p.height),
            );
      }
      const out = {
        commands: job.commands,
        sides: job.sides.map((s) => ({
          side: s.side,
          panels: s.panels.map(panelSummary),
        })),
        paddingBytes: job.paddingBytes,
        unexplainedBytes: job.unexplainedBytes,
        problems: job.problems,
      };
      process.stdout.write(`${JSON.stringify(out)}\n`);
      if (job.unexplainedBytes !== 0 || job.problems.length > 0) process.exitCode = 1;
    });
}
