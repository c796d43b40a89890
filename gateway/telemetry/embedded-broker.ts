import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type Client } from 'aedes';

/** An account on the embedded broker and the topic filters it may publish and subscribe to. */
export interface BrokerUser {
  username: string;
  password: string;
  publish: string[];
  subscribe: string[];
}

export interface EmbeddedBroker {
  /** `mqtt://host:port` to connect to (MQTT 3.1.1 only: aedes does not speak MQTT 5). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** MQTT topic filter match: `+` one level, `#` the rest (including none). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/**
 * Whether `sub` (itself a filter) asks for nothing beyond `allowed`: every level equal, or
 * `allowed` has `+`/`#` there. A wildcard the user asks for where `allowed` names a level is refused.
 */
export function filterWithin(allowed: string, sub: string): boolean {
  const a = allowed.split('/');
  const s = sub.split('/');
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '#') return true;
    if (i >= s.length) return false;
    if (s[i] === '#') return false;
    if (a[i] !== '+' && a[i] !== s[i]) return false;
  }
  return a.length === s.length;
}

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();

/**
 * In-process broker for a single-machine setup, so `npm start` shows telemetry working. Every
 * client must log in with one of `users` and may only publish and subscribe within its filters:
 * an anonymous client cannot even connect, and only the headquarters account may command.
 */
export async function startEmbeddedBroker(opts: {
  users: BrokerUser[];
  port?: number;
  host?: string;
}): Promise<EmbeddedBroker> {
  const host = opts.host ?? '127.0.0.1';
  const accounts = new Map(opts.users.map((u) => [u.username, { ...u, hash: digest(u.password) }]));
  const who = new WeakMap<Client, BrokerUser>();
  const aedes = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const user = username === undefined ? undefined : accounts.get(username);
      // Compare digests so the comparison takes the same time whatever the password's length.
      if (!user || !password || !timingSafeEqual(digest(password), user.hash)) {
        // CONNACK 5 "not authorised" for an anonymous client, 4 "bad user name or password" else.
        const err = Object.assign(new Error('not authorised'), {
          returnCode: username === undefined ? (5 as const) : (4 as const),
        });
        return done(err, false);
      }
      who.set(client, user);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      const user = client ? who.get(client) : undefined;
      if (user?.publish.some((f) => topicMatches(f, packet.topic))) return done(null);
      done(new Error(`publish to ${packet.topic} not allowed`));
    },
    authorizeSubscribe(client, sub, done) {
      const user = who.get(client);
      // A refused filter is granted as "failure" (0x80); the connection stays up.
      done(null, user?.subscribe.some((f) => filterWithin(f, sub.topic)) ? sub : null);
    },
  });
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: async () => {
      // Clients first: the server's close waits for every open connection to end.
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
