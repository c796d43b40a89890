import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startProcess, waitFor, type RunningProcess } from './processes.js';

export interface TlsMaterial {
  dir: string;
  caFile: string;
  serverCert: string;
  serverKey: string;
  /** Client certificate + key for a name (the CN becomes the MQTT user name). */
  client(name: string): { certFile: string; keyFile: string; ca: Buffer; cert: Buffer; key: Buffer };
}

export interface Mosquitto {
  url: string;
  port: number;
  tls: TlsMaterial | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stop and remove the temp dir. */
  close(): Promise<void>;
  running(): boolean;
  output(): string;
}

export { freePort };

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** `<file>.key` and `<file>.crt`: a P-256 key and a certificate for CN `cn` signed by the test CA in `dir`. */
function issueCertificate(dir: string, file: string, cn: string, extFile?: string): void {
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(dir, ['req', ...ecKey, '-subj', `/CN=${cn}`, '-keyout', `${file}.key`, '-out', `${file}.csr`]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${file}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    ...(extFile ? ['-extfile', extFile] : []),
    '-out',
    `${file}.crt`,
  ]);
}

/** A throwaway CA with a server certificate for 127.0.0.1/localhost; client certificates on demand. */
export function makeTlsMaterial(dir: string): TlsMaterial {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=cardgate test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  ]);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  issueCertificate(dir, 'server', 'localhost', 'server.ext');
  const made = new Map<string, ReturnType<TlsMaterial['client']>>();
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    client(name) {
      const have = made.get(name);
      if (have) return have;
      const safe = name.replace(/[^A-Za-z0-9-]/g, '_');
      issueCertificate(dir, `client-${safe}`, name);
      const c = {
        certFile: join(dir, `client-${safe}.crt`),
        keyFile: join(dir, `client-${safe}.key`),
        ca: readFileSync(join(dir, 'ca.crt')),
        cert: readFileSync(join(dir, `client-${safe}.crt`)),
        key: readFileSync(join(dir, `client-${safe}.key`)),
      };
      made.set(name, c);
      return c;
    },
  };
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = netConnect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/**
 * A real mosquitto as a direct child on a free loopback port. stop()/start() keep the port and
 * config, for outage tests (with `persistence`, sessions and retained messages survive them). With `tls`, clients must present a certificate from the throwaway CA.
 */
export async function startMosquitto(
  opts: { tls?: boolean; persistence?: boolean; acl?: string } = {},
): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-mosquitto-'));
  const port = await freePort();
  const tls = opts.tls ? makeTlsMaterial(dir) : undefined;
  const conf = [
    // As root mosquitto would drop to user "mosquitto", which cannot read our temp dir.
    `user ${userInfo().username}`,
    'per_listener_settings false',
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    // Persistence (saved on SIGTERM) lets persistent sessions and retained messages outlive a restart.
    ...(opts.persistence ? ['persistence true', `persistence_location ${dir}/`] : ['persistence false']),
    'set_tcp_nodelay true',
    'max_queued_messages 1000000',
    'max_inflight_messages 0',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    ...(tls
      ? [
          `cafile ${tls.caFile}`,
          `certfile ${tls.serverCert}`,
          `keyfile ${tls.serverKey}`,
          'require_certificate true',
          'use_identity_as_username true',
        ]
      : []),
    // An access-control list (acl_file syntax): without one every client may do everything.
    ...(opts.acl ? [`acl_file ${join(dir, 'acl')}`] : []),
  ];
  if (opts.acl) writeFileSync(join(dir, 'acl'), opts.acl);
  writeFileSync(join(dir, 'mosquitto.conf'), conf.join('\n') + '\n');
  let proc: RunningProcess | undefined;
  let log = '';
  const m: Mosquitto = {
    url: `${tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    port,
    tls,
    running: () => proc !== undefined,
    output: () => log + (proc?.output() ?? ''),
    async start() {
      if (proc) return;
      proc = startProcess('mosquitto', ['-c', join(dir, 'mosquitto.conf')]);
      const p = proc;
      await waitFor(
        () => {
          if (p.child.exitCode !== null) throw new Error(`mosquitto exited: ${p.output()}`);
          return portOpen(port);
        },
        { timeoutMs: 10_000, what: 'mosquitto listening' },
      );
    },
    async stop() {
      const p = proc;
      proc = undefined;
      if (!p) return;
      log += p.output();
      await p.stop('SIGTERM');
    },
    async close() {
      await m.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await m.start();
  } catch (e) {
    await m.close();
    throw e;
  }
  return m;
}
