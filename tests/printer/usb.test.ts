import { describe, expect, it } from 'vitest';
import { UsbTransport, usbIdsFromUrl } from '../../drivers/transport/usb.js';
import { TransportError } from '../../drivers/transport/types.js';
import { createPrinter } from '../../drivers/printer/factory.js';
import { CommandStreamParser } from '../../drivers/printer/evolis/command-stream.js';
import { PrinterModel } from '../../drivers/printer/emulator/printer-model.js';
import { waitFor } from '../helpers/processes.js';
import { FakeDevice, FakeUsb } from './helpers/fake-usb.js';
import { testCardSide } from './helpers/card-images.js';

const VID = 0x0f49;
const PID = 0x1234;

/** Make the fake device answer like a printer over USB: replies end with NUL. */
function speakEvolis(
  dev: FakeDevice,
  model = new PrinterModel({ feederCards: 5, panelMs: 0 }),
): PrinterModel {
  const parser = new CommandStreamParser();
  dev.onOut = (data) => {
    const { commands } = parser.push(data);
    for (const c of commands) {
      const o = model.handle(c);
      if (o.finished) model.remember(o.finished);
      if (o.reply !== null) dev.reply(Buffer.concat([Buffer.from(o.reply), Buffer.from([0])]));
    }
  };
  return model;
}

describe('USB transport (against an object shaped like the usb@2 API)', () => {
  it('parses usb://vid:pid in hex', () => {
    expect(usbIdsFromUrl(new URL('usb://0f49:1234'))).toEqual({ vendorId: 0x0f49, productId: 0x1234 });
    expect(() => usbIdsFromUrl(new URL('usb://printer'))).toThrow(TransportError);
  });

  it('claims the printer-class interface, detaching and later returning the kernel driver', async () => {
    const usb = new FakeUsb();
    const dev = new FakeDevice(VID, PID, { kernelDriverActive: true });
    usb.devices.push(dev);
    const t = new UsbTransport({ vendorId: VID, productId: PID, usb });
    await t.open();
    const got: string[] = [];
    t.onData((d) => got.push(d.toString('latin1')));
    await t.write(Buffer.from('\x1bRfv\r'));
    dev.reply('1.0\0');
    await t.close();
    expect(got).toEqual(['1.0\0']);
    expect(dev.journal).toEqual([
      'open',
      'detachKernelDriver 1',
      'claim 1',
      'startPoll 2 512',
      'out 5',
      'stopPoll',
      'release 1',
      'attachKernelDriver 1',
      'close',
    ]);
  });

  it('leaves the kernel driver alone when none holds the interface', async () => {
    const usb = new FakeUsb();
    const dev = new FakeDevice(VID, PID, { kernelDriverActive: false });
    usb.devices.push(dev);
    const t = new UsbTransport({ vendorId: VID, productId: PID, usb });
    await t.open();
    await t.close();
    expect(dev.journal.some((l) => l.includes('KernelDriver'))).toBe(false);
  });

  it('refuses a device without a printer-class interface, and a missing device, with typed errors', async () => {
    const usb = new FakeUsb();
    const dev = new FakeDevice(VID, PID, { printerClass: false });
    usb.devices.push(dev);
    const t = new UsbTransport({ vendorId: VID, productId: PID, usb });
    await expect(t.open()).rejects.toMatchObject({ code: 'TRANSPORT_OPEN' });
    expect(dev.journal.at(-1)).toBe('close');
    const other = new UsbTransport({ vendorId: 1, productId: 2, usb });
    await expect(other.open()).rejects.toMatchObject({ code: 'USB_NOT_FOUND' });
  });

  it('drives a printer over USB (NUL-terminated replies), survives unplug and replug (hot-plug)', async () => {
    const usb = new FakeUsb();
    const dev = new FakeDevice(VID, PID);
    const model = speakEvolis(dev);
    usb.plug(dev);
    const printer = createPrinter('usb://0f49:1234', {
      id: 'usb1',
      commandTimeoutMs: 3000,
      pollIntervalMs: 0,
      deps: { usb },
    });
    const connections: boolean[] = [];
    printer.on('connection', (c) => connections.push(c.connected));
    await printer.connect();
    expect((await printer.identity()).serial).toBe(model.serial);
    await printer.print({ jobId: 'u1', ribbon: 'k', image: { front: testCardSide('USB') } });
    expect(model.counters.cards).toBe(1);
    expect(model.jobs.at(-1)!.sides[0]!.panels.map((p) => p.panel)).toEqual(['k']);

    usb.unplug(dev);
    await waitFor(() => !printer.connected, { what: 'unplug noticed' });
    await expect(printer.raw('Rfv')).rejects.toMatchObject({ code: 'DISCONNECTED' });
    usb.plug(dev);
    await waitFor(() => printer.connected, { what: 'replug reconnects' });
    expect(await printer.raw('Rfv')).toBe(model.firmware);
    await printer.close();
    expect(connections).toEqual([true, false, true, false]);
    expect(dev.journal.at(-1)).toBe('close');
  });
});
