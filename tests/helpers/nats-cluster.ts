import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { freePort } from './mosquitto.js';
import { startProcess, waitFor, type RunningProcess } from './processes.js';

/** One nats-server of the cluster: its own client, route, MQTT and monitoring ports and store. */
export interface NatsNode {
  name: string;
  /** nats://127.0.0.1:<client port> */
  natsUrl: string;
  /** mqtt://127.0.0.1:<mqtt port> (NATS speaks MQTT 3.1.1 only) */
  mqttUrl: string;
  running(): boolean;
  /** SIGKILL by default: a node dying, not a clean shutdown. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Start again with the same ports and JetStream store (it rejoins the cluster). */
  start(): Promise<void>;
  output(): string;
}

export interface NatsCluster {
  nodes: NatsNode[];
  /** Every node's MQTT URL, comma-separated: what a station's `mqtt.url` takes. */
  mqttUrls: string;
  natsUrls: string[];
  close(): Promise<void>;
}

const binary = () => process.env.NATS_SERVER_BIN ?? 'nats-server';

/** Polls a node's monitoring endpoint: 200 once JetStream on it is current with the cluster. */
async function healthy(monitorPort: number, serverOnly: boolean): Promise<boolean> {
  try {
    // serverOnly: the node's JetStream is up and current with the meta group, without waiting for
    // every replicated stream and consumer on it to catch up (minutes on a loaded machine).
    const q = serverOnly ? '?js-server-only=true' : '';
    const res = await fetch(`http://127.0.0.1:${monitorPort}/healthz${q}`);
    if (!res.ok) lastState = `healthz ${res.status} ${await res.text()}`;
    return res.ok;
  } catch (e) {
    lastState = `healthz ${String(e)}`;
    return false;
  }
}
let lastState = '';

/**
 * The node has a route to every other node. NATS forwards a message over one route hop only, so
 * a node missing a route to the node leading a stream silently drops what its MQTT clients publish
 * for that stream, while /healthz (JetStream's meta group) can already be fine.
 */
async function meshed(monitorPort: number, peers: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${monitorPort}/routez`);
    const { routes = [] } = (await res.json()) as { routes?: { remote_id: string }[] };
    const distinct = new Set(routes.map((r) => r.remote_id)).size;
    if (distinct < peers) lastState = `routes to ${distinct} of ${peers} peers`;
    return distinct >= peers;
  } catch (e) {
    lastState = `routez ${String(e)}`;
    return false;
  }
}

/** A 3.1.1 connect that gets its CONNACK: the node's MQTT listener works (its streams exist). */
function mqttAccepts(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = mqtt.connect(url, {
      protocolVersion: 4,
      clientId: `probe-${Math.random().toString(16).slice(2, 10)}`,
      reconnectPeriod: 0,
      // The first MQTT client of an account makes NATS create its R3 streams; under load that takes
      // seconds, and a probe that gives up early only starts the creation again.
      connectTimeout: 10_000,
    });
    const done = (ok: boolean) => {
      c.removeAllListeners();
      c.on('error', () => {});
      c.end(true);
      resolve(ok);
    };
    c.once('connect', () => done(true));
    c.once('error', (e) => {
      lastState = `mqtt ${String(e)}`;
      done(false);
    });
    c.once('close', () => done(false));
  });
}

/**
 * A real NATS cluster (Debian's nats-server 2.9) of `size` nodes on free loopback ports in a temp
 * dir: JetStream and the MQTT listener on every node, `server_name` set (JetStream clustering
 * needs it), full-mesh routes. Resolves once every node is healthy and accepts MQTT.
 */
export async function startNatsCluster(opts: { size?: number; name?: string } = {}): Promise<NatsCluster> {
  const size = opts.size ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-nats-'));
  const ports = [];
  for (let i = 0; i < size; i++)
    ports.push({
      client: await freePort(),
      route: await freePort(),
      mqtt: await freePort(),
      monitor: await freePort(),
    });
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p.route}`).join(', ');
  const spawners: (() => void)[] = [];
  const nodes: NatsNode[] = ports.map((p, i) => {
    const name = `n${i + 1}`;
    const store = join(dir, name);
    mkdirSync(store, { recursive: true });
    const conf = join(dir, `${name}.conf`);
    writeFileSync(
      conf,
      [
        `server_name: ${name}`,
        `listen: 127.0.0.1:${p.client}`,
        `http: 127.0.0.1:${p.monitor}`,
        `jetstream { store_dir: "${store}", max_memory_store: 64MB, max_file_store: 1GB }`,
        `cluster { name: ${opts.name ?? 'cardgate'}, listen: 127.0.0.1:${p.route}, routes: [${routes}] }`,
        // ack_wait: how long NATS waits for a subscriber's PUBACK before redelivering.
        `mqtt { listen: 127.0.0.1:${p.mqtt}, ack_wait: "10s" }`,
      ].join('\n') + '\n',
    );
    let proc: RunningProcess | undefined;
    let log = '';
    const spawnNode = () => {
      if (!node.running()) proc = startProcess(binary(), ['-c', conf]);
    };
    spawners.push(spawnNode);
    const node: NatsNode = {
      name,
      natsUrl: `nats://127.0.0.1:${p.client}`,
      mqttUrl: `mqtt://127.0.0.1:${p.mqtt}`,
      running: () => proc !== undefined && proc.child.exitCode === null,
      output: () => log + (proc?.output() ?? ''),
      /** Resolves once the node is back in the cluster and takes MQTT clients (catching up goes on). */
      async start() {
        spawnNode();
        await waitReady(node, p.monitor, size - 1, true);
      },
      async stop(signal = 'SIGKILL') {
        const running = proc;
        proc = undefined;
        if (!running) return;
        log += running.output();
        await running.stop(signal);
      },
    };
    return node;
  });
  const cluster: NatsCluster = {
    nodes,
    mqttUrls: nodes.map((n) => n.mqttUrl).join(','),
    natsUrls: nodes.map((n) => n.natsUrl),
    async close() {
      for (const n of nodes) await n.stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    // All at once: no node is healthy before a JetStream quorum exists.
    for (const spawn of spawners) spawn();
    for (const [i, n] of nodes.entries()) await waitReady(n, ports[i]!.monitor, size - 1);
  } catch (e) {
    await cluster.close();
    throw e;
  }
  return cluster;
}

async function waitReady(n: NatsNode, monitorPort: number, peers: number, serverOnly = false): Promise<void> {
  lastState = '';
  try {
    await waitFor(
      async () => {
        if (!n.running()) throw new Error(`${n.name} exited`);
        if (
          (await healthy(monitorPort, serverOnly)) &&
          (await meshed(monitorPort, peers)) &&
          (await mqttAccepts(n.mqttUrl))
        )
          return true;
        throw new Error(lastState);
      },
      // Generous: a loaded 2-core machine elects the JetStream meta leader slowly.
      { timeoutMs: 120_000, intervalMs: 200, what: `nats ${n.name} healthy with MQTT` },
    );
  } catch (e) {
    throw new Error(`${String(e)}\n--- ${n.name} log ---\n${n.output().slice(-4000)}`);
  }
}
