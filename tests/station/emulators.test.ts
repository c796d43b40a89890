import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/load.js';
import { emulatorChoice } from '../../gateway/config/emulators.js';

describe('which devices run as emulators (one spelling: `emulated`)', () => {
  it('emulates every device by default, with no deprecation', () => {
    const c = emulatorChoice(validateConfig({ cameras: [{ id: 'desk', emulated: true }] }));
    expect(c).toMatchObject({ printer: true, encoder: 'auto', board: true, deprecated: [] });
    expect(c.cameras.get('desk')).toBe(true);
  });

  it('uses the real device when an address is given, and `emulated` wins over it', () => {
    const real = emulatorChoice(
      validateConfig({
        printer: { url: 'tcp://10.0.0.5:9100' },
        board: { port: '/dev/ttyACM0' },
        encoder: { emulated: false },
        cameras: [{ id: 'desk', kind: 'http', url: 'http://cam/snap.jpg' }],
      }),
    );
    expect(real).toMatchObject({ printer: false, encoder: false, board: false, deprecated: [] });
    expect(real.cameras.get('desk')).toBe(false);
    const forced = emulatorChoice(
      validateConfig({ printer: { url: 'tcp://10.0.0.5:9100', emulated: true } }),
    );
    expect(forced.printer).toBe(true);
  });

  it('still reads the four old spellings for this release, naming each in a deprecation line', () => {
    const c = emulatorChoice(
      validateConfig({
        printer: { url: 'emulator' },
        encoder: { driver: 'emulator' },
        board: { port: 'emulator' },
        cameras: [{ id: 'desk', kind: 'emulator' }],
      }),
    );
    expect(c).toMatchObject({ printer: true, encoder: true, board: true });
    expect(c.cameras.get('desk')).toBe(true);
    expect(c.deprecated).toEqual([
      'config /printer/url: emulator: deprecated spelling, use /printer/emulated: true',
      'config /encoder/driver: emulator: deprecated spelling, use /encoder/emulated',
      'config /board/port: emulator: deprecated spelling, use /board/emulated: true',
      'config /cameras/0/kind: emulator: deprecated spelling, use /cameras/0/emulated: true',
    ]);
    expect(emulatorChoice(validateConfig({ encoder: { driver: 'pcsc' } })).encoder).toBe(false);
  });
});
