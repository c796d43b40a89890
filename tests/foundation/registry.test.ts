import { describe, expect, it } from 'vitest';
import { EventBus, type GatewayEvents } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';

const clock = { now: () => Date.parse('2026-11-28T12:00:00Z') };

describe('device registry snapshots', () => {
  it('hands out states that later updates do not change and that readers cannot change', () => {
    const bus = new EventBus();
    const changes: GatewayEvents['device:changed'][] = [];
    bus.on('device:changed', (c) => changes.push(c));
    const registry = new DeviceRegistry(bus, clock as never);
    const driverInfo = { model: 'Primacy 2', ribbon: { kind: 'YMCKO', left: 200 } };
    registry.register({
      id: 'printer-1',
      class: 'printer',
      driver: 'evolis',
      transport: 'tcp',
      info: driverInfo,
    });

    const before = registry.get('printer-1')!;
    registry.update('printer-1', {
      state: 'online',
      seen: true,
      info: { ribbon: { kind: 'YMCKO', left: 199 } },
    });
    const after = registry.get('printer-1')!;

    // A reader keeps what it was given; the next read shows the update.
    expect(before).toMatchObject({ state: 'offline', lastSeen: null, info: { ribbon: { left: 200 } } });
    expect(after).toMatchObject({
      state: 'online',
      lastSeen: '2026-11-28T12:00:00.000Z',
      info: { model: 'Primacy 2', ribbon: { left: 199 } },
    });
    expect(registry.list()).toEqual([after]);
    // Nobody changes the registry through a snapshot, however deep.
    expect(() => ((after as { state: string }).state = 'fault')).toThrow(TypeError);
    expect(() => ((after.info['ribbon'] as { left: number }).left = 0)).toThrow(TypeError);
    // The driver's own object stays its own: the registry copied it.
    driverInfo.ribbon.left = 5;
    expect(Object.isFrozen(driverInfo)).toBe(false);
    expect(registry.get('printer-1')!.info['model']).toBe('Primacy 2');
    expect(changes.map((c) => [c.previous, c.state.state])).toEqual([
      [undefined, 'offline'],
      ['offline', 'online'],
    ]);
  });
});
