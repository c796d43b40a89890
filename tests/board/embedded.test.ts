import { expect, it } from 'vitest';
import { describeWithSystem } from '../helpers/system.js';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { projectRoot, startProcess, waitFor } from '../helpers/processes.js';
import { openConfiguredBoard, attachBoard } from '../../gateway/devices/board.js';
import { EventBus } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { systemClock } from '../../gateway/core/clock.js';

const logger = { info: () => {}, warn: () => {}, debug: () => {}, error: () => {} };

/** The socat this test process started (through its small `sh` guard), not another test's. */
function ourSocat(): number | undefined {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='])
    .toString()
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm }));
  const shells = new Set(rows.filter((r) => r.ppid === process.pid && r.comm === 'sh').map((r) => r.pid));
  return rows.find((r) => shells.has(r.ppid) && r.comm === 'socat')?.pid;
}

const EMULATED = {
  enabled: true,
  port: 'emulator',
  temperatureWarnC: 35,
  humidityWarnPercent: 80,
  lockOnDoorOpen: false,
  buzzerMinIntervalSeconds: 60,
};

/** The board as `npm start` opens it (emulator on its own pty pair), attached to a fresh registry. */
async function openEmbeddedBoard() {
  const found = await openConfiguredBoard(EMULATED, { logger });
  expect(found).not.toBeNull();
  const opened = found!;
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus, systemClock);
  const attachment = attachBoard(opened.board, {
    registry,
    bus,
    config: EMULATED,
    logger,
    transport: opened.transport,
    emulated: opened.emulated,
  });
  const close = async () => {
    attachment.detach();
    await opened.close();
  };
  return { opened, registry, attachment, close };
}

describeWithSystem(['socat'], "board 'emulator' as npm start runs it", () => {
  it('embeds the emulator on its own pty pair and comes up green', async () => {
    const { opened, registry, attachment, close } = await openEmbeddedBoard();
    try {
      await opened.board.start();
      await waitFor(() => registry.get('board')?.state === 'online', { what: 'board online' });
      expect(registry.get('board')).toMatchObject({ emulated: true, transport: 'pty' });
      expect(attachment.status()).toMatchObject({ connected: true, light: 'green', state: 'ready' });
      await waitFor(() => opened.board.readings().temperatureC !== null, { what: 'first climate sample' });
      expect(opened.board.readings().temperatureC).toBeCloseTo(22, 0);
    } finally {
      await close();
    }
  });

  it('shows the board offline, with the process alive, when its pty pair dies under it', async () => {
    const { opened, registry, close } = await openEmbeddedBoard();
    try {
      await opened.board.start();
      await waitFor(() => registry.get('board')?.state === 'online', { what: 'board online' });
      // The emulator samples the climate channels every 19 ms, so it writes into the dead line at once.
      const socat = ourSocat();
      expect(socat).toBeDefined();
      process.kill(socat!, 'SIGKILL');
      await waitFor(() => registry.get('board')?.state === 'offline', {
        what: 'board offline',
        timeoutMs: 10_000,
      });
      expect(registry.get('board')?.lastErrorCode).toBe('BOARD_OFFLINE');
      // The process is still here, and no sleep is needed to show it: an unhandled 'error' from
      // the dead line, now or while close() below tears the emulator down, fails this file.
    } finally {
      await close();
    }
  });

  it('does not leave the socat pair behind when the gateway is killed outright', async () => {
    const code = `const { startPtyBoardLink } = await import(${JSON.stringify(
      join(projectRoot, 'firmware-bridge/emulator/pty-link.ts'),
    )}); const link = await startPtyBoardLink(); console.log('LINK ' + link.port); setInterval(() => {}, 1000);`;
    const gw = startProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: projectRoot,
    });
    let linkDir: string | undefined;
    try {
      const m = await gw.waitForOutput(/LINK (\S+)/, 20_000);
      const port = m[1]!;
      linkDir = dirname(port);
      expect(existsSync(port)).toBe(true);
      const socatAlive = (): boolean =>
        execFileSync('ps', ['-eo', 'stat=,args='])
          .toString()
          .split('\n')
          .some((l) => !l.startsWith('Z') && l.includes(port));
      expect(socatAlive()).toBe(true);
      await gw.stop('SIGKILL');
      await waitFor(() => !socatAlive(), { timeoutMs: 5000, what: 'socat gone after SIGKILL of its parent' });
    } finally {
      await gw.stop('SIGKILL');
      // Killed outright, the process could not remove its pty folder (socat's links) itself.
      if (linkDir) await rm(linkDir, { recursive: true, force: true });
    }
  });

  it('returns no board when the config disables it', async () => {
    const none = await openConfiguredBoard(
      {
        enabled: false,
        port: 'emulator',
        temperatureWarnC: 35,
        humidityWarnPercent: 80,
        lockOnDoorOpen: false,
        buzzerMinIntervalSeconds: 60,
      },
      { logger },
    );
    expect(none).toBeNull();
  });
});
