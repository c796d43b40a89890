import { describe, expect, it } from 'vitest';
import { FirmataReader } from '../../firmware-bridge/emulator/firmata-reader.js';

describe('Firmata host-message reader (emulator side)', () => {
  it('decodes the messages firmata-io sends, across arbitrary chunk boundaries', () => {
    const bytes = [
      0xf9, // REPORT_VERSION
      0xf0,
      0x79,
      0xf7, // QUERY_FIRMWARE
      0xf4,
      0x07,
      0x01, // pin 7 OUTPUT
      0x90,
      0x20,
      0x01, // port 0 = 0b1010_0000 (pins 5 and 7)
      0xd0,
      0x01, // report digital port 0
      0xc1,
      0x01, // report analog channel 1
      0xf0,
      0x7a,
      0x64,
      0x00,
      0xf7, // sampling interval 100 ms
      0xf5,
      0x08,
      0x01, // pin 8 HIGH
    ];
    const reader = new FirmataReader();
    const out = [];
    for (let i = 0; i < bytes.length; i += 2)
      out.push(...reader.push(Uint8Array.from(bytes.slice(i, i + 2))));
    expect(out).toEqual([
      { type: 'report-version' },
      { type: 'sysex', command: 0x79, data: [] },
      { type: 'set-pin-mode', pin: 7, mode: 1 },
      { type: 'digital-port', port: 0, value: 0xa0 },
      { type: 'report-digital', port: 0, enable: true },
      { type: 'report-analog', channel: 1, enable: true },
      { type: 'sysex', command: 0x7a, data: [0x64, 0x00] },
      { type: 'digital-pin', pin: 8, value: 1 },
    ]);
  });

  it('drops garbage and a truncated sysex, then resynchronises', () => {
    const reader = new FirmataReader();
    const out = reader.push(Uint8Array.from([0x01, 0x02, 0xf0, 0x6b, 0x05, 0xf4, 0x02, 0x00, 0xf9]));
    expect(out).toEqual([{ type: 'set-pin-mode', pin: 2, mode: 0 }, { type: 'report-version' }]);
  });
});
