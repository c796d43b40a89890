import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createMemoryLine } from '../../firmware-bridge/emulator/memory-line.js';
import { startEmulatedBoardLink } from '../../firmware-bridge/emulator/board-link.js';
import { createStationBoard } from '../../firmware-bridge/station-board.js';
import { defaultWiring } from '../../firmware-bridge/wiring.js';
import type { BoardReadings } from '../../firmware-bridge/interface.js';
import type { SerialPortStream } from '@serialport/stream';

const openPort = (p: SerialPortStream): Promise<void> =>
  new Promise((resolve, reject) => p.open((e) => (e ? reject(e) : resolve())));
const closePort = (p: SerialPortStream): Promise<void> =>
  new Promise((resolve) => (p.isOpen ? p.close(() => resolve()) : resolve()));

describe('in-process serial line (the board line without socat)', () => {
  it('carries bytes both ways, in order', async () => {
    const line = createMemoryLine();
    const gw = await line.open(line.paths.gateway);
    const board = await line.open(line.paths.board);
    await openPort(gw);
    await openPort(board);
    try {
      const got: Buffer[] = [];
      const all = new Promise<void>((resolve) =>
        board.on('data', (d: Buffer) => {
          got.push(d);
          if (Buffer.concat(got).length === 300) resolve();
        }),
      );
      for (let i = 0; i < 3; i++) gw.write(Buffer.alloc(100, i));
      await all;
      const bytes = Buffer.concat(got);
      expect([bytes[0], bytes[100], bytes[299]]).toEqual([0, 1, 2]);
      const back = once(gw, 'data');
      board.write(Buffer.from('pong'));
      expect(((await back)[0] as Buffer).toString()).toBe('pong');
    } finally {
      await closePort(gw);
      await closePort(board);
    }
  });

  it('drops what is sent while the far end is closed, and works again when it reopens', async () => {
    const line = createMemoryLine();
    const gw = await line.open(line.paths.gateway);
    await openPort(gw);
    gw.write(Buffer.from('lost'));
    await new Promise<void>((r) => gw.drain(() => r()));
    const board = await line.open(line.paths.board);
    await openPort(board);
    try {
      const first = once(board, 'data');
      gw.write(Buffer.from('kept'));
      expect(((await first)[0] as Buffer).toString()).toBe('kept');
    } finally {
      await closePort(gw);
      await closePort(board);
    }
  });

  it('refuses an unknown end and a second opener of the same end', async () => {
    const line = createMemoryLine();
    const stray = await line.open('memory:nowhere');
    await expect(openPort(stray)).rejects.toThrow(/no such memory line end/);
    const a = await line.open(line.paths.board);
    const b = await line.open(line.paths.board);
    await openPort(a);
    try {
      await expect(openPort(b)).rejects.toThrow(/already open/);
    } finally {
      await closePort(a);
    }
  });
});

describe('emulated station board on the in-process line (npm start without socat)', () => {
  it('connects through johnny-five and Firmata, shows the light it is told and reports the room', async () => {
    const link = await startEmulatedBoardLink({ line: 'memory', emulator: { inputs: { temperatureC: 27 } } });
    expect(link.line).toBe('memory');
    const board = createStationBoard({
      port: link.port,
      serialPortFactory: link.serialPortFactory!,
      sampleIntervalMs: 50,
      reportIntervalMs: 20,
    });
    try {
      const connected = once(board, 'connection');
      const climate = new Promise<BoardReadings>((resolve) =>
        board.on('readings', (r) => r.temperatureC !== null && resolve(r)),
      );
      await board.start();
      expect((await connected)[0]).toEqual({ connected: true });
      const lit = new Promise<void>((resolve) =>
        link.emulator.on('write', (w) => w.pin === defaultWiring.amber && w.value > 0 && resolve()),
      );
      board.setLight('amber');
      await lit;
      expect(link.emulator.state().light).toBe('amber');
      expect((await climate).temperatureC).toBeCloseTo(27, 0);
    } finally {
      await board.stop();
      await link.close();
    }
  });
});
