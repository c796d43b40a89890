export * from './types.js';
export * from './tcp.js';
export * from './serial.js';
export * from './usb.js';
