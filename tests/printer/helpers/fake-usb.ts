import { EventEmitter } from 'node:events';
import type { UsbDeviceLike, UsbInterfaceLike, UsbLike } from '../../../drivers/transport/usb.js';

/**
 * A stand-in for the `usb@2` module (stand-ins.md: there is no USB bus in this VM). It keeps a
 * journal of what the transport did to the device, and hands bulk OUT bytes to `onOut`; the test
 * answers through `reply` (bytes arriving on bulk IN).
 */
export class FakeUsb implements UsbLike {
  readonly usb = new EventEmitter() as EventEmitter & UsbLike['usb'];
  readonly devices: FakeDevice[] = [];
  getDeviceList(): UsbDeviceLike[] {
    return this.devices;
  }
  plug(d: FakeDevice): void {
    this.devices.push(d);
    this.usb.emit('attach', d);
  }
  unplug(d: FakeDevice): void {
    this.devices.splice(this.devices.indexOf(d), 1);
    this.usb.emit('detach', d);
  }
}

export class FakeDevice implements UsbDeviceLike {
  readonly journal: string[] = [];
  readonly deviceDescriptor: { idVendor: number; idProduct: number };
  interfaces: UsbInterfaceLike[] | undefined = undefined;
  readonly inEndpoint = Object.assign(new EventEmitter(), {
    direction: 'in' as const,
    transferType: 2,
    startPoll: (n?: number, size?: number) => this.journal.push(`startPoll ${n} ${size}`),
    stopPoll: (cb?: () => void) => {
      this.journal.push('stopPoll');
      cb?.();
    },
  });
  onOut: (data: Buffer) => void = () => undefined;
  kernelDriverActive: boolean;
  readonly #ifaces: UsbInterfaceLike[];

  constructor(vid: number, pid: number, opts: { kernelDriverActive?: boolean; printerClass?: boolean } = {}) {
    this.deviceDescriptor = { idVendor: vid, idProduct: pid };
    this.kernelDriverActive = opts.kernelDriverActive ?? true;
    const j = this.journal;
    const hid: UsbInterfaceLike = this.#iface(0, 3, j, this);
    const printer: UsbInterfaceLike = this.#iface(1, opts.printerClass === false ? 8 : 7, j, this);
    this.#ifaces = [hid, printer];
  }

  #iface(n: number, cls: number, j: string[], dev: FakeDevice): UsbInterfaceLike {
    return {
      interfaceNumber: n,
      descriptor: { bInterfaceClass: cls },
      endpoints:
        cls === 7
          ? [
              { direction: 'out', transferType: 3, transfer: () => j.push('wrong endpoint (interrupt)') },
              {
                direction: 'out',
                transferType: 2,
                transfer: (buf: Buffer, cb: (e?: Error | null) => void) => {
                  j.push(`out ${buf.length}`);
                  setImmediate(() => {
                    dev.onOut(Buffer.from(buf));
                    cb(null);
                  });
                },
              },
              dev.inEndpoint as never,
            ]
          : [],
      isKernelDriverActive: () => dev.kernelDriverActive,
      detachKernelDriver: () => {
        j.push(`detachKernelDriver ${n}`);
        dev.kernelDriverActive = false;
      },
      attachKernelDriver: () => {
        j.push(`attachKernelDriver ${n}`);
        dev.kernelDriverActive = true;
      },
      claim: () => j.push(`claim ${n}`),
      release: (_close: boolean, cb: (e?: Error | null) => void) => {
        j.push(`release ${n}`);
        cb(null);
      },
    };
  }

  open(): void {
    this.journal.push('open');
    this.interfaces = this.#ifaces;
  }
  close(): void {
    this.journal.push('close');
    this.interfaces = undefined;
  }
  reply(bytes: Buffer | string): void {
    this.inEndpoint.emit('data', Buffer.from(bytes));
  }
}
