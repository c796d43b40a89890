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

describeWithSystem(['socat'], "board 'emulator' as npm start runs it", () => {
  it('embeds the emulator on its own pty pair and comes up green', async () => {
    const config = {
      enabled: true,
      port: 'emulator',
      temperatureWarnC: 35,
      humidityWarnPercent: 80,
      lockOnDoorOpen: false,
      buzzerMinIntervalSeconds: 60,
    };
    const opened = await openConfiguredBoard(config, { logger });
    expect(opened).not.toBeNull();
    const bus = new EventBus();
    const registry = new DeviceRegistry(bus, systemClock);
    const attachment = attachBoard(opened!.board, {
      registry,
      bus,
      config,
      logger,
      transport: opened!.transport,
      emulated: opened!.emulated,
    });
    try {
      await opened!.board.start();
      await waitFor(() => registry.get('board')?.state === 'online', { what: 'board online' });
      expect(registry.get('board')).toMatchObject({ emulated: true, transport: 'pty' });
      expect(attachment.status()).toMatchObject({ connected: true, light: 'green', state: 'ready' });
      await waitFor(() => opened!.board.readings().temperatureC !== null, { what: 'first climate sample' });
      expect(opened!.board.readings().temperatureC).toBeCloseTo(22, 0);
    } finally {
      attachment.detach();
      await opened!.close();
    }
  });

  it('does not leave the socat pair behind when the gateway is killed outright', async () => {
    const code = `const { startEmulatedBoardLink } = await import(${JSON.stringify(
      join(projectRoot, 'firmware-bridge/emulator/pty-link.ts'),
    )}); const link = await startEmulatedBoardLink(); console.log('LINK ' + link.port); setInterval(() => {}, 1000);`;
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
