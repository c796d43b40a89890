import type { Command } from 'commander';
import { CardgateError } from '../../core/errors.js';

const int =
  (name: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new CardgateError('BAD_OPTION', `${name} must be a port number`, { status: 400 });
    return n;
  };
const num =
  (name: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n))
      throw new CardgateError('BAD_OPTION', `${name} must be a number`, { status: 400 });
    return n;
  };

/**
 * `cardgate board-emulator --serial PATH`: a Firmata station board on one end of a pty pair.
 * Inputs change at run time through the HTTP control port or JSON lines on stdin, e.g.
 * `{"doorOpen": true}` or `{"temperatureC": 41}`.
 */
export function register(program: Command): void {
  program
    .command('board-emulator')
    .description('Run the Firmata station-board emulator on a serial path (one end of a socat pty pair)')
    .requiredOption('--serial <path>', 'serial device or pty link the emulator opens')
    .option(
      '--control-port <n>',
      'HTTP control port on 127.0.0.1 (0 = any free port)',
      int('--control-port'),
      0,
    )
    .option('--temperature <celsius>', 'initial room temperature', num('--temperature'), 22)
    .option('--humidity <percent>', 'initial relative humidity', num('--humidity'), 45)
    .option('--door-open', 'start with the door open', false)
    .option('--hopper-low', 'start with the card hopper low', false)
    .action(
      async (o: {
        serial: string;
        controlPort: number;
        temperature: number;
        humidity: number;
        doorOpen: boolean;
        hopperLow: boolean;
      }) => {
        const { startBoardEmulator, startControlServer, applyInputsJson } =
          await import('../../../firmware-bridge/emulator/index.js');
        const emulator = await startBoardEmulator({
          serialPath: o.serial,
          inputs: {
            temperatureC: o.temperature,
            humidityPercent: o.humidity,
            doorOpen: o.doorOpen,
            hopperLow: o.hopperLow,
          },
        }).catch((e: Error) => {
          throw new CardgateError('SERIAL_OPEN_FAILED', `cannot open ${o.serial}: ${e.message}`, {
            status: 400,
          });
        });
        const control = await startControlServer(emulator, { port: o.controlPort });
        process.stdout.write(`board emulator on ${o.serial}, control ${control.url}\n`);

        process.stdin.setEncoding('utf8');
        let pending = '';
        process.stdin.on('data', (chunk: string) => {
          pending += chunk;
          let nl: number;
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (!line) continue;
            const err = applyInputsJson(emulator, line);
            process.stdout.write(
              err
                ? `error ${err.code}: ${err.message}\n`
                : `inputs ${JSON.stringify(emulator.state().inputs)}\n`,
            );
          }
        });
        process.stdin.on('error', () => {});

        await new Promise<void>((resolve) => {
          const stop = (): void => resolve();
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
        });
        await control.close();
        await emulator.close();
        process.stdin.destroy();
      },
    );
}
