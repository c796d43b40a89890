import { expect, it } from 'vitest';
import { describeWithSystem } from '../helpers/system.js';
import { waitFor } from '../helpers/processes.js';
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
