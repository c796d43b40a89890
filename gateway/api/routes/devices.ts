import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CardgateError } from '../../core/errors.js';
import type { DeviceRegistry } from '../../core/registry.js';

export const DeviceStateSchema = Type.Object({
  id: Type.String(),
  class: Type.Union([
    Type.Literal('printer'),
    Type.Literal('encoder'),
    Type.Literal('camera'),
    Type.Literal('board'),
    Type.Literal('broker'),
  ]),
  driver: Type.String(),
  transport: Type.String(),
  emulated: Type.Boolean(),
  state: Type.Union([
    Type.Literal('online'),
    Type.Literal('degraded'),
    Type.Literal('offline'),
    Type.Literal('fault'),
  ]),
  lastErrorCode: Type.Union([Type.String(), Type.Null()]),
  lastErrorText: Type.Union([Type.String(), Type.Null()]),
  lastSeen: Type.Union([Type.String(), Type.Null()]),
  info: Type.Record(Type.String(), Type.Unknown()),
});

/** The list envelope every list route uses: `{ items }`. */
export const DeviceList = Type.Object({ items: Type.Array(DeviceStateSchema) });

export interface DevicesDeps {
  registry: DeviceRegistry;
}

/** The device registry as the UI and technicians see it. */
export const deviceRoutes: FastifyPluginAsyncTypebox<DevicesDeps> = async (app, deps) => {
  app.get(
    '/devices',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['devices'],
        summary: 'Every device of the station with its last known state',
        response: { 200: DeviceList },
      },
    },
    async () => ({ items: deps.registry.list() }),
  );

  app.get(
    '/devices/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['devices'],
        summary: 'One device',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: DeviceStateSchema },
      },
    },
    async (req) => {
      const device = deps.registry.get(req.params.id);
      if (!device) throw new CardgateError('DEVICE_NOT_FOUND', `no device ${req.params.id}`, { status: 404 });
      return device;
    },
  );
};
