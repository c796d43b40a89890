import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Type from 'typebox';
import { Value } from 'typebox/value';
import type { BoardEmulator } from './board-emulator.js';

/** What a test or a technician may change on the emulated board while it runs. */
export const InputsPatch = Type.Object(
  {
    doorOpen: Type.Optional(Type.Boolean()),
    hopperLow: Type.Optional(Type.Boolean()),
    temperatureC: Type.Optional(Type.Number({ minimum: -40, maximum: 125 })),
    humidityPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);

export type InputsPatchError = { code: 'BAD_INPUTS'; message: string };

/** Applies one JSON object (from HTTP or a stdin line); returns an error instead of throwing. */
export function applyInputsJson(emulator: BoardEmulator, text: string): InputsPatchError | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { code: 'BAD_INPUTS', message: 'not JSON' };
  }
  if (!Value.Check(InputsPatch, parsed)) {
    const first = [...Value.Errors(InputsPatch, parsed)][0];
    return {
      code: 'BAD_INPUTS',
      message: first ? `${first.instancePath || '/'} ${first.message}` : 'invalid',
    };
  }
  emulator.setInputs(parsed);
  return null;
}

/**
 * GET /state → pins, outputs, light; GET /writes → recorded digital writes;
 * POST /inputs {doorOpen?, hopperLow?, temperatureC?, humidityPercent?}. Loopback only.
 */
export async function startControlServer(
  emulator: BoardEmulator,
  opts: { port?: number; host?: string } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/state') return reply(200, emulator.state());
    if (req.method === 'GET' && req.url === '/writes') return reply(200, emulator.writes());
    if (req.method === 'POST' && req.url === '/inputs') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
        if (body.length > 10_000) req.destroy();
      });
      req.on('end', () => {
        const err = applyInputsJson(emulator, body);
        if (err) reply(400, err);
        else reply(200, emulator.state().inputs);
      });
      return;
    }
    reply(404, { code: 'NOT_FOUND', message: `${req.method} ${req.url}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
