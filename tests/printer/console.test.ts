import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrinterEmulator, type PrinterEmulator } from '../../drivers/printer/emulator/index.js';
import { classifyConsoleCommand } from '../../drivers/printer/evolis/console-commands.js';
import { EvolisPrinter } from '../../drivers/printer/evolis/driver.js';
import { TcpTransport } from '../../drivers/transport/tcp.js';

describe('console command classifier (Evolis)', () => {
  const table: [string, boolean, string][] = [
    ['Rfv', true, 'read'],
    ['\x1bRsn', true, 'read'],
    ['Rco;l', true, 'read'],
    ['Rse;o', true, 'read'],
    ['Rlr;p', true, 'read'],
    ['Rtp', true, 'read'],
    ['St', false, 'movement'],
    ['Ss', false, 'movement'],
    ['Se', false, 'movement'],
    ['Sis', false, 'movement'],
    ['Sic', false, 'movement'],
    ['Ser', false, 'movement'],
    ['Si', false, 'movement'],
    ['Seb', false, 'movement'],
    ['Scp', false, 'movement'],
    ['Srs', false, 'movement'],
    ['Db;k;2;AAAA', false, 'printing'],
    ['Dbc;k;2;4;AAAA', false, 'printing'],
    ['Pc;k;=;10', false, 'parameter'],
    ['Psc;!;#;$', false, 'parameter'],
    ['Psc', false, 'parameter'],
    ['Pmi;F', false, 'parameter'],
    ['Pr;ymcko', false, 'parameter'],
    ['Pem;1', false, 'parameter'],
    ['Pcom;1;9600;NONE;8;1;NONE;1', false, 'parameter'],
    ['Mw;1;ABC', false, 'encoding'],
    ['Fw', false, 'firmware'],
    ['Upd', false, 'firmware'],
    ['Zzz', false, 'unknown'],
    ['rfv', false, 'unknown'],
    ['RFV', false, 'unknown'],
    ['', false, 'unknown'],
  ];
  for (const [line, allowed, kind] of table) {
    it(`${JSON.stringify(line)} → ${allowed ? 'allowed' : 'refused'} (${kind})`, () => {
      const v = classifyConsoleCommand(line);
      expect(v.allowed).toBe(allowed);
      expect(v.kind).toBe(kind);
      if (!v.allowed) expect(v.reason.length).toBeGreaterThan(5);
    });
  }
});

describe('one malformed command does not disable the printer', () => {
  let emu: PrinterEmulator;
  afterEach(async () => {
    await emu?.close();
  });

  /** Raw bytes to the emulator; resolves with the first `n` CR-ended replies. */
  function exchange(url: string, bytes: Buffer, n: number): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      const s = connect(Number(u.port), u.hostname, () => s.write(bytes));
      let text = '';
      s.on('data', (d) => {
        text += d.toString('latin1');
        const replies = text.split('\r').slice(0, -1);
        if (replies.length >= n) {
          s.destroy();
          resolve(replies.slice(0, n));
        }
      });
      s.on('error', reject);
    });
  }

  it('a Db without its data is dropped after the reception time-out with an error; later commands are answered', async () => {
    emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 1, frameTimeoutMs: 200 });
    const [first] = await exchange(emu.url, Buffer.from('\x1bDb;k;2;AAAA\r', 'latin1'), 1);
    expect(first).toBe('ERR CMD');
    // The link is in step again: the next command gets its own answer.
    const [second] = await exchange(emu.url, Buffer.from('\x1bRfv\r', 'latin1'), 1);
    expect(second).toBe(emu.model.firmware);
  });

  it('the driver refuses Psc, Pem, Pcom, Db and Dbc on its console; reads and reset keep working', async () => {
    emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 1 });
    const printer = new EvolisPrinter({
      id: 'c1',
      transport: new TcpTransport({ host: '127.0.0.1', port: Number(new URL(emu.url).port) }),
      commandTimeoutMs: 1500,
      pollIntervalMs: 0,
    });
    await printer.connect();
    try {
      for (const cmd of [
        'Psc;!;#;$',
        'Db;k;2;AAAA',
        'Dbc;k;2;4;AAAA',
        'Pem;1',
        'Pcom;1;9600;NONE;8;1;NONE;1',
      ]) {
        await expect(printer.raw(cmd), cmd).rejects.toMatchObject({ code: 'CONSOLE_COMMAND_REFUSED' });
      }
      expect(emu.model.commandLog).toEqual([]);
      expect(await printer.raw('Rfv')).toBe(emu.model.firmware);
      await printer.reset();
      expect((await printer.status()).ready).toBe(true);
    } finally {
      await printer.close();
    }
  });

  it('the console is refused while the driver holds a card for a job', async () => {
    emu = await startPrinterEmulator({ tcpPort: 0, panelMs: 0, feederCards: 1 });
    const printer = new EvolisPrinter({
      id: 'c2',
      transport: new TcpTransport({ host: '127.0.0.1', port: Number(new URL(emu.url).port) }),
      commandTimeoutMs: 1500,
      pollIntervalMs: 0,
    });
    await printer.connect();
    try {
      await printer.moveToContactStation();
      await expect(printer.raw('Rfv')).rejects.toMatchObject({ code: 'CONSOLE_PRINTER_BUSY' });
      await printer.eject();
      expect(await printer.raw('Rfv')).toBe(emu.model.firmware);
    } finally {
      await printer.close();
    }
  });
});
