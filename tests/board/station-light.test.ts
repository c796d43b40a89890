import { describe, expect, it } from 'vitest';
import { EventBus } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { createStationLight } from '../../gateway/devices/station-light.js';

function setup() {
  let now = 1_000_000;
  const clock = { now: () => now };
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus, clock);
  const light = createStationLight({ bus, registry, clock, warningTtlMs: 60_000 });
  return { bus, registry, light, advance: (ms: number) => (now += ms) };
}

const job = { jobId: 'j', kind: 'new' as const, documentNumber: null, error: null };

describe('station light state', () => {
  it('shows the worst print line: a line in fault or missing a device is red, out of service amber, until it is back', () => {
    const { bus, light } = setup();
    const line = (id: string, state: 'idle' | 'busy' | 'fault' | 'offline' | 'out-of-service') =>
      bus.emit('issuance:line', { line: id, state, jobId: null, code: null });
    line('line-1', 'busy');
    line('line-2', 'out-of-service');
    expect(light.state()).toBe('warning');
    line('line-3', 'fault');
    expect(light.state()).toBe('fault');
    line('line-3', 'idle');
    expect(light.state()).toBe('warning');
    line('line-1', 'offline');
    expect(light.light()).toBe('red');
    line('line-1', 'idle');
    line('line-2', 'idle');
    expect(light.state()).toBe('ready');
  });

  it('ranks needs-operator over fault over locked over warning over busy', () => {
    const { bus, registry, light } = setup();
    registry.register({ id: 'p', class: 'printer', driver: 'x', transport: 'tcp' });
    expect(light.state()).toBe('fault'); // a registered printer starts offline
    registry.update('p', { state: 'online' });
    expect(light.state()).toBe('ready');
    bus.emit('issuance:job', { ...job, status: 'encoding' });
    expect(light.state()).toBe('busy');
    bus.emit('station:event', { level: 'warning', code: 'TEMPERATURE_HIGH', message: '', source: 'board' });
    expect(light.state()).toBe('warning');
    bus.emit('station:lock', { locked: true, by: 'admin', reason: 'audit' });
    expect(light.state()).toBe('locked');
    registry.update('p', { state: 'fault' });
    expect(light.state()).toBe('fault');
    bus.emit('issuance:job', {
      ...job,
      status: 'failed',
      error: { code: 'JAM', message: '', needsOperator: true },
    });
    expect(light.state()).toBe('needs-operator');
    expect(light.light()).toBe('red-blink');
    bus.emit('issuance:job', { ...job, status: 'cancelled' });
    registry.update('p', { state: 'online' });
    bus.emit('station:lock', { locked: false, by: 'admin', reason: '' });
    expect(light.state()).toBe('warning');
    bus.emit('station:event', {
      level: 'info',
      code: 'TEMPERATURE_HIGH_CLEARED',
      message: '',
      source: 'board',
    });
    expect(light.state()).toBe('ready');
    expect(light.light()).toBe('green');
  });

  it('lets warnings from other areas fade, but keeps the board’s until cleared', async () => {
    const { bus, light, advance } = setup();
    bus.emit('station:event', { level: 'warning', code: 'STOCK_LOW', message: '', source: 'issuance' });
    bus.emit('station:event', { level: 'warning', code: 'DOOR_OPEN', message: '', source: 'board' });
    expect(light.reasons().warnings).toHaveLength(2);
    advance(61_000);
    // A minute on: the stock warning has faded, the board's door warning holds the light amber.
    expect(light.state()).toBe('warning');
    expect(light.light()).toBe('amber');
    expect(light.reasons().warnings).toHaveLength(1);
    expect(light.reasons().warnings[0]).toContain('DOOR_OPEN');
    bus.emit('station:event', { level: 'info', code: 'DOOR_OPEN_CLEARED', message: '', source: 'board' });
    expect(light.state()).toBe('ready');
    expect(light.reasons().warnings).toEqual([]);
  });

  it('reports changes once each', () => {
    const { bus, light } = setup();
    const seen: string[] = [];
    light.on('change', (c) => seen.push(`${c.state}:${c.light}`));
    bus.emit('issuance:job', { ...job, status: 'queued' });
    bus.emit('issuance:progress', { jobId: 'j', step: 'printing', detail: { done: 1, total: 3 } });
    bus.emit('issuance:job', { ...job, status: 'done' });
    expect(seen).toEqual(['busy:amber', 'ready:green']);
  });
});
