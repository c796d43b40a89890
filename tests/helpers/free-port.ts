import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Ports below the kernel's ephemeral range, split into one slice per vitest worker.
 *
 * Why not the OS's port 0: those ports come from the ephemeral range (32768–60999 here), the same
 * range every outgoing connection's local port is drawn from. Between this check and the server's
 * own bind, a connection of a parallel test could take the port (seen in CI: nats-server's route
 * port "address already in use"), and a server restarted later on "its" port could find it taken.
 * The kernel never gives ports below the range to outgoing connections, and each worker takes its
 * own slice, so two workers never pick the same port either.
 */
const SLICE = 1000;
const FLOOR = 20_000;

function ephemeralLow(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32_768;
  }
}

const slices = Math.floor((ephemeralLow() - FLOOR) / SLICE);
// Outside vitest (a bench script) a slice from the pid: one such process at a time is the norm.
const worker = Number(process.env.VITEST_POOL_ID ?? process.pid);
const sliceStart = slices > 0 ? FLOOR + ((worker - 1 + slices) % slices) * SLICE : 0;
// A random start: a test file re-run in the same worker does not walk the same ports again.
let cursor = Math.floor(Math.random() * SLICE);

function bindable(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, '127.0.0.1', () => {
      const bound = (srv.address() as { port: number }).port;
      srv.close(() => resolve(bound));
    });
  });
}

/** A free loopback port for a server a test starts (and may restart on the same port). */
export async function freePort(): Promise<number> {
  if (slices <= 0) return (await bindable(0))!;
  for (let tries = 0; tries < SLICE; tries++) {
    const port = sliceStart + (cursor++ % SLICE);
    const bound = await bindable(port);
    if (bound !== undefined) return bound;
  }
  throw new Error(`no free port in ${sliceStart}–${sliceStart + SLICE - 1}`);
}
