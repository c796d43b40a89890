import { EventEmitter } from 'node:events';
import { expect, it, describe } from 'vitest';
import type { SerialPort } from 'serialport';
import { startBoardEmulator } from '../../firmware-bridge/emulator/board-emulator.js';

/** A serial line that opens, then fails the way a pty does when its far end goes away (EIO). */
class FailingLine extends EventEmitter {
  isOpen = false;
  open(cb: (err: Error | null) => void): void {
    this.isOpen = true;
    cb(null);
  }
  write(): boolean {
    return true;
  }
  close(cb: () => void): void {
    this.isOpen = false;
    cb();
  }
  fail(): void {
    this.emit('error', Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
  }
}

describe('Firmata emulator whose serial line fails', () => {
  it("reports the loss as 'lost' and stops, instead of ending the process with an unhandled error", async () => {
    const line = new FailingLine();
    const emulator = await startBoardEmulator({
      serialPath: '/dev/pts/test',
      serialPortFactory: () => line as unknown as SerialPort,
    });
    const lost: Error[] = [];
    emulator.on('lost', (e) => lost.push(e));
    // Without a listener this 'error' would throw out of emit(), as it did under `npm start`.
    expect(() => line.fail()).not.toThrow();
    expect(lost.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(['EIO']);
    expect(emulator.state().open).toBe(false);
    await emulator.close();
  });
});
