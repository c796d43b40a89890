import type { Socket } from 'node:net';
import { TcpTransport, DEFAULT_TCP_PORT } from '../transport/tcp.js';
import { SerialTransport, serialSettingsFromUrl, type SerialPortFactory } from '../transport/serial.js';
import { UsbTransport, usbIdsFromUrl, type UsbLike } from '../transport/usb.js';
import { TransportError, type ByteTransport } from '../transport/types.js';
import type { Levels } from './evolis/bitmap-codec.js';
import { EvolisPrinter, type PrinterLogger } from './evolis/driver.js';

export interface CreatePrinterOptions {
  id: string;
  commandTimeoutMs: number;
  pollIntervalMs: number;
  logger?: PrinterLogger;
  ribbon?: string;
  colourLevels?: Levels;
  ackNack?: boolean;
  deps?: {
    socketFactory?: () => Socket;
    serialPortFactory?: SerialPortFactory;
    usb?: UsbLike;
  };
}

/** The transport a printer URL names: `tcp://host[:9100]`, `serial:///dev/x?baud=…`, `usb://vid:pid`. */
export function transportForUrl(url: string, deps: CreatePrinterOptions['deps'] = {}): ByteTransport {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TransportError('TRANSPORT_URL', `not a printer URL: ${url}`);
  }
  switch (u.protocol) {
    case 'tcp:':
      if (!u.hostname) throw new TransportError('TRANSPORT_URL', `tcp URL without a host: ${url}`);
      return new TcpTransport({
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port ? Number(u.port) : DEFAULT_TCP_PORT,
        ...(deps.socketFactory ? { socketFactory: deps.socketFactory } : {}),
      });
    case 'serial:':
      return new SerialTransport({
        ...serialSettingsFromUrl(u),
        ...(deps.serialPortFactory ? { portFactory: deps.serialPortFactory } : {}),
      });
    case 'usb:':
      return new UsbTransport({ ...usbIdsFromUrl(u), ...(deps.usb ? { usb: deps.usb } : {}) });
    default:
      throw new TransportError(
        'TRANSPORT_URL',
        `unsupported printer URL scheme '${u.protocol}' (tcp, serial, usb)`,
      );
  }
}

/** A card printer for a URL (Evolis command language; other families plug in here later). Not yet connected. */
export function createPrinter(url: string, opts: CreatePrinterOptions): EvolisPrinter {
  const transport = transportForUrl(url, opts.deps);
  return new EvolisPrinter({
    id: opts.id,
    transport,
    commandTimeoutMs: opts.commandTimeoutMs,
    pollIntervalMs: opts.pollIntervalMs,
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.ribbon ? { ribbon: opts.ribbon } : {}),
    ...(opts.colourLevels ? { colourLevels: opts.colourLevels } : {}),
    ...(opts.ackNack ? { ackNack: opts.ackNack } : {}),
  });
}
