import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { FrameSource, type FrameSourceOptions } from './frame-source.js';
import { verifyDigest } from '../digest-auth.js';

export const FaultName = Type.Union([
  Type.Literal('none'),
  Type.Literal('slow'),
  Type.Literal('broken-jpeg'),
  Type.Literal('unauthorized'),
  Type.Literal('disconnect'),
]);
export type FaultName = Type.Static<typeof FaultName>;

export const FaultRequest = Type.Object(
  { fault: FaultName, delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })) },
  { additionalProperties: false },
);

export interface CameraEmulatorOptions extends FrameSourceOptions {
  port?: number;
  host?: string;
  auth?: { scheme: 'basic' | 'digest'; username: string; password: string };
}

export interface CameraEmulator {
  url: string;
  snapshotUrl: string;
  mjpegUrl: string;
  setFault(fault: FaultName, delayMs?: number): void;
  state(): { fault: FaultName; delayMs: number; frames: number; clients: number };
  close(): Promise<void>;
}

const BOUNDARY = 'cardgateframe';
const REALM = 'cardgate-camera';

/**
 * A network camera on loopback: GET /snapshot.jpg, GET /stream.mjpeg, fed by one ffmpeg.
 * POST /control/fault {fault, delayMs?} makes it slow, send a broken JPEG, answer 401 or drop
 * connections, so the driver's error paths can be tested against a real HTTP server.
 */
export async function startCameraEmulator(opts: CameraEmulatorOptions = {}): Promise<CameraEmulator> {
  const source = new FrameSource(opts);
  await source.start();
  let fault: FaultName = 'none';
  let delayMs = 10_000;
  const nonces = new Set<string>();
  const streams = new Set<ServerResponse>();
  const pending = new Set<NodeJS.Timeout>();

  const authorized = (req: IncomingMessage): boolean => {
    if (fault === 'unauthorized') return false;
    if (!opts.auth) return true;
    const header = req.headers.authorization ?? '';
    if (opts.auth.scheme === 'basic') {
      const want = Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64');
      return header === `Basic ${want}`;
    }
    return verifyDigest(header, { method: req.method ?? 'GET', realm: REALM, nonces, ...opts.auth });
  };

  const challenge = (res: ServerResponse): void => {
    if (opts.auth?.scheme === 'digest') {
      const nonce = randomBytes(12).toString('hex');
      nonces.add(nonce);
      if (nonces.size > 1000) nonces.delete(nonces.values().next().value!);
      res.setHeader(
        'www-authenticate',
        `Digest realm="${REALM}", qop="auth", nonce="${nonce}", algorithm=MD5, opaque="cg"`,
      );
    } else {
      res.setHeader('www-authenticate', `Basic realm="${REALM}"`);
    }
    res.writeHead(401, { 'content-type': 'text/plain' });
    res.end('unauthorized\n');
  };

  const later = (fn: () => void, ms: number): void => {
    const t = setTimeout(() => {
      pending.delete(t);
      fn();
    }, ms);
    pending.add(t);
  };

  const broken = (jpeg: Buffer): Buffer => jpeg.subarray(0, Math.floor(jpeg.length / 2));

  const snapshot = (res: ServerResponse): void => {
    const send = (): void => {
      const jpeg = source.latest()!;
      const body = fault === 'broken-jpeg' ? broken(jpeg) : jpeg;
      res.writeHead(200, {
        'content-type': 'image/jpeg',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      res.end(body);
    };
    if (fault === 'slow') later(send, delayMs);
    else send();
  };

  const stream = (res: ServerResponse): void => {
    res.writeHead(200, {
      'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`,
      'cache-control': 'no-store',
      connection: 'close',
    });
    streams.add(res);
    const onFrame = (jpeg: Buffer): void => {
      if (fault === 'slow') return; // frames stop arriving
      if (fault === 'disconnect') return void res.socket?.destroy();
      const body = fault === 'broken-jpeg' ? broken(jpeg) : jpeg;
      res.write(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${body.length}\r\n\r\n`);
      res.write(body);
      res.write('\r\n');
    };
    source.on('frame', onFrame);
    res.on('close', () => {
      source.off('frame', onFrame);
      streams.delete(res);
    });
  };

  const control = (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      if (!Value.Check(FaultRequest, parsed)) {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ code: 'BAD_FAULT', message: 'expected {fault, delayMs?}' }));
      }
      api.setFault(parsed.fault, parsed.delayMs);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(api.state()));
    });
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/control/fault' && req.method === 'POST') return control(req, res);
    if (path === '/control/state') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(api.state()));
    }
    if (path !== '/snapshot.jpg' && path !== '/stream.mjpeg') {
      res.writeHead(404);
      return res.end();
    }
    if (fault === 'disconnect') return void req.socket.destroy();
    if (!authorized(req)) return challenge(res);
    if (path === '/snapshot.jpg') return snapshot(res);
    return stream(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const api: CameraEmulator = {
    url,
    snapshotUrl: `${url}/snapshot.jpg`,
    mjpegUrl: `${url}/stream.mjpeg`,
    setFault(f, ms) {
      fault = f;
      if (ms !== undefined) delayMs = ms;
      if (f === 'disconnect') for (const s of streams) s.socket?.destroy();
    },
    state: () => ({ fault, delayMs, frames: source.frames(), clients: streams.size }),
    async close() {
      for (const t of pending) clearTimeout(t);
      for (const s of streams) s.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await source.stop();
    },
  };
  return api;
}
