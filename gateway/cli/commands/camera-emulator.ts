import type { Command } from 'commander';
import { CardgateError } from '../../core/errors.js';

const intIn =
  (name: string, min: number, max: number) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new CardgateError('BAD_OPTION', `${name} must be an integer in ${min}..${max}`, { status: 400 });
    return n;
  };

/**
 * `cardgate camera-emulator --port N`: a network camera (snapshot + MJPEG) fed by one ffmpeg,
 * with faults through POST /control/fault {"fault": "slow"|"broken-jpeg"|"unauthorized"|"disconnect"|"none"}.
 */
export function register(program: Command): void {
  program
    .command('camera-emulator')
    .description('Run the network camera emulator (HTTP snapshot + MJPEG, fed by ffmpeg)')
    .option('--port <n>', 'TCP port on 127.0.0.1 (0 = any free port)', intIn('--port', 0, 65535), 0)
    .option('--picture <file>', 'picture or video to serve instead of the ffmpeg test pattern')
    .option('--size <WxH>', 'frame size', '640x480')
    .option('--fps <n>', 'frames per second', intIn('--fps', 1, 60), 10)
    .option('--auth <scheme>', 'require authentication: basic or digest')
    .option('--user <name>', 'user name for --auth')
    .option('--password <password>', 'password for --auth')
    .action(
      async (o: {
        port: number;
        picture?: string;
        size: string;
        fps: number;
        auth?: string;
        user?: string;
        password?: string;
      }) => {
        const size = /^(\d{2,5})x(\d{2,5})$/.exec(o.size);
        if (!size) throw new CardgateError('BAD_OPTION', '--size must look like 640x480', { status: 400 });
        if (o.auth !== undefined && o.auth !== 'basic' && o.auth !== 'digest')
          throw new CardgateError('BAD_OPTION', '--auth must be basic or digest', { status: 400 });
        if (o.auth && (!o.user || o.password === undefined))
          throw new CardgateError('BAD_OPTION', '--auth needs --user and --password', { status: 400 });
        if (o.picture) {
          const { access } = await import('node:fs/promises');
          await access(o.picture).catch(() => {
            throw new CardgateError('BAD_OPTION', `--picture ${o.picture}: no such file`, { status: 400 });
          });
        }
        const { startCameraEmulator } = await import('../../../drivers/camera/emulator/index.js');
        const emulator = await startCameraEmulator({
          port: o.port,
          picture: o.picture,
          width: Number(size[1]),
          height: Number(size[2]),
          fps: o.fps,
          auth: o.auth
            ? { scheme: o.auth as 'basic' | 'digest', username: o.user!, password: o.password! }
            : undefined,
        });
        process.stdout.write(
          `camera emulator snapshot ${emulator.snapshotUrl} stream ${emulator.mjpegUrl} control ${emulator.url}/control/fault\n`,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', () => resolve());
          process.once('SIGINT', () => resolve());
        });
        await emulator.close();
      },
    );
}
