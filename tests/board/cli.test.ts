import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithSystem } from '../helpers/system.js';
import { startPtyPair, type PtyPair } from '../helpers/pty-pair.js';
import { runCli, startCli } from '../helpers/processes.js';

describeWithSystem(['socat'], 'cardgate board-emulator and camera-emulator command lines', () => {
  let pty: PtyPair;
  beforeAll(async () => {
    pty = await startPtyPair();
  });
  afterAll(async () => {
    await pty?.close();
  });

  it('takes input changes as JSON lines on stdin and names bad ones', async () => {
    const emu = startCli(['board-emulator', '--serial', pty.b], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      await emu.waitForOutput(/control http/, 20_000);
      emu.child.stdin!.write('{"temperatureC": 41, "doorOpen": true}\n{"doorOpen": "yes"}\nnot json\n');
      await emu.waitForOutput(/inputs \{[^\n]*"doorOpen":true[^\n]*"temperatureC":41/);
      await emu.waitForOutput(/error BAD_INPUTS: \/doorOpen/);
      await emu.waitForOutput(/error BAD_INPUTS: not JSON/);
    } finally {
      await emu.stop();
    }
  });

  it('refuses bad options with exit code 2', async () => {
    const port = await runCli(['board-emulator', '--serial', pty.b, '--control-port', 'abc']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/BAD_OPTION/);
    const missing = await runCli(['board-emulator', '--serial', '/nonexistent/tty']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/SERIAL_OPEN_FAILED/);
    const auth = await runCli(['camera-emulator', '--auth', 'digest']);
    expect(auth.code).toBe(2);
    expect(auth.stderr).toMatch(/--auth needs --user and --password/);
  });
});
