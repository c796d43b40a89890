import { EventEmitter } from 'node:events';
import { TransportError, type ByteTransport, type TransportEvents } from './types.js';

/** USB printer class (bInterfaceClass 7). */
export const USB_CLASS_PRINTER = 7;
const LIBUSB_TRANSFER_TYPE_BULK = 2;

/* The slice of the `usb@2` API this transport uses; tests inject an object of this shape. */
export interface UsbEndpointLike {
  direction: 'in' | 'out';
  transferType: number;
}
export interface UsbOutEndpointLike extends UsbEndpointLike {
  direction: 'out';
  transfer(buffer: Buffer, cb: (error?: Error | null) => void): unknown;
}
export interface UsbInEndpointLike extends UsbEndpointLike {
  direction: 'in';
  startPoll(nTransfers?: number, transferSize?: number): void;
  stopPoll(cb?: () => void): void;
  on(event: 'data', l: (data: Buffer) => void): unknown;
  on(event: 'error', l: (e: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
}
export interface UsbInterfaceLike {
  interfaceNumber: number;
  descriptor: { bInterfaceClass: number };
  endpoints: (UsbInEndpointLike | UsbOutEndpointLike)[];
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
  attachKernelDriver(): void;
  claim(): void;
  release(closeEndpoints: boolean, cb: (error?: Error | null) => void): void;
}
export interface UsbDeviceLike {
  deviceDescriptor: { idVendor: number; idProduct: number };
  interfaces?: UsbInterfaceLike[] | undefined;
  open(defaultConfig?: boolean): void;
  close(): void;
}
export interface UsbLike {
  getDeviceList(): UsbDeviceLike[];
  usb: {
    on(event: 'attach' | 'detach', l: (device: UsbDeviceLike) => void): unknown;
    off?(event: 'attach' | 'detach', l: (device: UsbDeviceLike) => void): unknown;
    removeListener(event: 'attach' | 'detach', l: (device: UsbDeviceLike) => void): unknown;
  };
}

export interface UsbTransportOptions {
  vendorId: number;
  productId: number;
  /** The `usb@2` module (or an object shaped like it). Defaults to importing `usb`. */
  usb?: UsbLike;
}

/** `usb://04f6:1234` → ids (hex, as lsusb prints them). */
export function usbIdsFromUrl(url: URL): { vendorId: number; productId: number } {
  const m =
    /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(`${url.hostname}:${url.port}`) ??
    /^\/*([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(decodeURIComponent(url.pathname));
  if (!m) throw new TransportError('TRANSPORT_URL', `usb URL must be usb://vid:pid (hex): ${url.href}`);
  return { vendorId: parseInt(m[1]!, 16), productId: parseInt(m[2]!, 16) };
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/**
 * USB printer-class device: bulk OUT carries commands and bitmaps, bulk IN the replies. Claims
 * the printer interface (detaching the kernel's usblp driver when it holds it) and gives it
 * back on close. Hot-plug: `close` when the device is unplugged, `attach` when it returns.
 */
export class UsbTransport extends EventEmitter<TransportEvents> implements ByteTransport {
  readonly description: string;
  readonly #opts: UsbTransportOptions;
  #usb: UsbLike | null = null;
  #device: UsbDeviceLike | null = null;
  #iface: UsbInterfaceLike | null = null;
  #kernelDriverDetached = false;
  #out: UsbOutEndpointLike | null = null;
  #in: UsbInEndpointLike | null = null;
  readonly #data = new EventEmitter<{ data: [Buffer] }>();
  #hotplugAttached = false;

  constructor(opts: UsbTransportOptions) {
    super();
    this.#opts = opts;
    this.description = `usb://${hex4(opts.vendorId)}:${hex4(opts.productId)}`;
  }

  get isOpen(): boolean {
    return this.#device !== null;
  }

  #matches(d: UsbDeviceLike): boolean {
    return (
      d.deviceDescriptor.idVendor === this.#opts.vendorId &&
      d.deviceDescriptor.idProduct === this.#opts.productId
    );
  }

  readonly #onAttach = (d: UsbDeviceLike): void => {
    if (this.#matches(d) && !this.isOpen) this.emit('attach');
  };

  readonly #onDetach = (d: UsbDeviceLike): void => {
    if (this.#device && (d === this.#device || this.#matches(d))) {
      this.#teardown(false);
      this.emit('close', { reason: 'usb device detached' });
    }
  };

  async #loadUsb(): Promise<UsbLike> {
    this.#usb ??= this.#opts.usb ?? (await loadUsbModule());
    if (!this.#hotplugAttached) {
      this.#usb.usb.on('attach', this.#onAttach);
      this.#usb.usb.on('detach', this.#onDetach);
      this.#hotplugAttached = true;
    }
    return this.#usb;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const usb = await this.#loadUsb();
    const device = usb.getDeviceList().find((d) => this.#matches(d));
    if (!device) throw new TransportError('USB_NOT_FOUND', `${this.description}: no such device on the bus`);
    try {
      device.open();
      const iface = (device.interfaces ?? []).find((i) => i.descriptor.bInterfaceClass === USB_CLASS_PRINTER);
      if (!iface)
        throw new TransportError('TRANSPORT_OPEN', `${this.description}: no printer-class interface`);
      if (iface.isKernelDriverActive()) {
        iface.detachKernelDriver();
        this.#kernelDriverDetached = true;
      }
      iface.claim();
      this.#iface = iface;
      const bulk = iface.endpoints.filter((e) => e.transferType === LIBUSB_TRANSFER_TYPE_BULK);
      const out = bulk.find((e): e is UsbOutEndpointLike => e.direction === 'out');
      const inp = bulk.find((e): e is UsbInEndpointLike => e.direction === 'in');
      if (!out || !inp)
        throw new TransportError('TRANSPORT_OPEN', `${this.description}: no bulk OUT/IN endpoints`);
      this.#device = device;
      this.#out = out;
      this.#in = inp;
      inp.on('data', (data: Buffer) => {
        if (data.length > 0) this.#data.emit('data', data);
      });
      inp.on('error', (e: Error) => this.emit('error', e));
      inp.startPoll(2, 512);
    } catch (e) {
      this.#device = device;
      await this.#teardown(true);
      if (e instanceof TransportError) throw e;
      throw new TransportError('TRANSPORT_OPEN', `${this.description}: ${(e as Error).message}`, e);
    }
  }

  async write(data: Uint8Array): Promise<void> {
    const out = this.#out;
    if (!out) throw new TransportError('TRANSPORT_CLOSED', `${this.description}: not open`);
    await new Promise<void>((resolve, reject) =>
      out.transfer(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (e) =>
        e ? reject(new TransportError('TRANSPORT_WRITE', `${this.description}: ${e.message}`, e)) : resolve(),
      ),
    );
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#data.on('data', listener);
    return () => this.#data.off('data', listener);
  }

  /** Stop polling, release the interface, give the kernel driver back, close the device. */
  async #teardown(deviceStillThere: boolean): Promise<void> {
    const inp = this.#in;
    const iface = this.#iface;
    const device = this.#device;
    this.#in = null;
    this.#out = null;
    this.#iface = null;
    this.#device = null;
    if (!deviceStillThere) return;
    if (inp) {
      await new Promise<void>((resolve) => {
        try {
          inp.stopPoll(() => resolve());
        } catch {
          resolve();
        }
      });
      inp.removeAllListeners('data');
      inp.removeAllListeners('error');
    }
    if (iface) {
      await new Promise<void>((resolve) => {
        try {
          iface.release(true, () => resolve());
        } catch {
          resolve();
        }
      });
      if (this.#kernelDriverDetached) {
        try {
          iface.attachKernelDriver();
        } catch {
          // the kernel driver may be gone (module unloaded): nothing to give back
        }
      }
    }
    this.#kernelDriverDetached = false;
    try {
      device?.close();
    } catch {
      // already closed
    }
  }

  async close(): Promise<void> {
    await this.#teardown(true);
    if (this.#usb && this.#hotplugAttached) {
      this.#usb.usb.removeListener('attach', this.#onAttach);
      this.#usb.usb.removeListener('detach', this.#onDetach);
      this.#hotplugAttached = false;
    }
  }
}

/**
 * The optional native `usb` package, loaded at the first USB open: a machine where npm could not
 * install it (no prebuilt binary, no libudev headers) still runs every other transport.
 */
export async function loadUsbModule(moduleName = 'usb'): Promise<UsbLike> {
  try {
    return (await import(moduleName)) as unknown as UsbLike;
  } catch (e) {
    throw new TransportError(
      'USB_UNAVAILABLE',
      `USB library not installed: run scripts/install-system-deps, then npm ci (${(e as Error).message})`,
      e,
    );
  }
}
