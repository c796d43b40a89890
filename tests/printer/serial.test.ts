import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialSettingsFromUrl } from '../../drivers/transport/serial.js';
import { TransportError } from '../../drivers/transport/types.js';
import { describeWithSystem } from '../helpers/system.js';
import { startPtyPair, type PtyPair } from '../helpers/pty-pair.js';
import { runCli, startCli, type RunningProcess } from '../helpers/processes.js';

describe('serial printer URLs', () => {
  it('carry baud, parity, flow, bits and stop bits in the query', () => {
    expect(
      serialSettingsFromUrl(
        new URL('serial:///dev/ttyUSB0?baud=9600&parity=even&flow=rts/cts&bits=7&stop=2'),
      ),
    ).toEqual({
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      parity: 'even',
      flow: 'rtscts',
      dataBits: 7,
      stopBits: 2,
    });
    expect(serialSettingsFromUrl(new URL('serial:///dev/ttyS0'))).toMatchObject({
      baudRate: 115200,
      parity: 'none',
      flow: 'none',
    });
  });

  it('refuse bad settings with a typed error', () => {
    for (const u of [
      'serial:///dev/x?baud=fast',
      'serial:///dev/x?parity=maybe',
      'serial:///dev/x?flow=smoke',
      'serial:///dev/x?bits=9',
      'serial://',
    ]) {
      expect(() => serialSettingsFromUrl(new URL(u)), u).toThrow(TransportError);
    }
  });
});

describeWithSystem(
  ['socat'],
  'printer over a real pty pair: emulator CLI on one end, `cardgate printer status` on the other',
  () => {
    let pty: PtyPair;
    let emu: RunningProcess;
    beforeAll(async () => {
      pty = await startPtyPair();
      emu = startCli(['printer-emulator', '--serial', pty.b, '--panel-ms', '0', '--feeder-cards', '7']);
      await emu.waitForOutput(/"listening":"serial:/, 30_000);
    }, 60_000);
    afterAll(async () => {
      await emu?.stop();
      await pty?.close();
    });

    it('reads identity, ribbon and sensors', async () => {
      const r = await runCli(['printer', 'status', '--printer', `serial://${pty.a}?baud=115200`]);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as {
        identity: { vendor: string };
        ribbon: { type: string };
        feeder: { empty: boolean };
      };
      expect(s.identity.vendor).toBe('Evolis');
      expect(s.ribbon.type).toBe('ymcko');
      expect(s.feeder.empty).toBe(false);
    }, 60_000);
  },
);
