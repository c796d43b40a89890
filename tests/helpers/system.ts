import { describe, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * System components a test may need. Missing ones skip the suite with a clear reason, except
 * under CARDGATE_REQUIRE_SYSTEM=1 (CI), where a missing component is a failure.
 */
export type SystemComponent =
  | 'pcscd'
  | 'vicc'
  | 'socat'
  | 'mosquitto'
  | 'chromium'
  | 'ffmpeg'
  | 'openssl'
  | 'postgresql'
  | 'nats-server'
  | 'promtool'
  | 'softhsm2'
  | 'espeak-ng'
  /** root with util-linux unshare: a private mount namespace that hides system packages. */
  | 'mount-namespace';

const probes: Record<SystemComponent, () => boolean> = {
  pcscd: () => onPath('pcscd') || existsSync('/usr/sbin/pcscd'),
  vicc: () => onPath('vicc') && existsSync('/usr/lib/python3/site-packages/virtualsmartcard'),
  socat: () => onPath('socat'),
  mosquitto: () => onPath('mosquitto') || existsSync('/usr/sbin/mosquitto'),
  chromium: () => existsSync('/usr/bin/chromium'),
  ffmpeg: () => onPath('ffmpeg'),
  openssl: () => onPath('openssl'),
  postgresql: () => existsSync('/usr/lib/postgresql/15/bin/postgres'),
  'nats-server': () => onPath('nats-server') || existsSync('/usr/sbin/nats-server'),
  promtool: () => onPath('promtool'),
  softhsm2: () => existsSync('/usr/lib/softhsm/libsofthsm2.so') && onPath('softhsm2-util'),
  'espeak-ng': () => onPath('espeak-ng'),
  'mount-namespace': () =>
    process.getuid?.() === 0 && onPath('unshare') && onPath('git') && canUnshareMount(),
};

function onPath(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function canUnshareMount(): boolean {
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const requireSystem = (): boolean => process.env.CARDGATE_REQUIRE_SYSTEM === '1';

export function missingComponents(components: SystemComponent[]): SystemComponent[] {
  return components.filter((c) => !probes[c]());
}

/** `describe` that skips (or fails under CARDGATE_REQUIRE_SYSTEM=1) when a component is missing. */
export function describeWithSystem(components: SystemComponent[], name: string, fn: () => void): void {
  const missing = missingComponents(components);
  if (missing.length === 0) {
    describe(name, fn);
  } else if (requireSystem()) {
    describe(name, () => {
      it('has the system components it needs', () => {
        throw new Error(
          `missing ${missing.join(', ')} with CARDGATE_REQUIRE_SYSTEM=1: run scripts/install-system-deps`,
        );
      });
    });
  } else {
    describe.skip(
      `${name} [skipped: ${missing.join(', ')} not installed; run scripts/install-system-deps]`,
      fn,
    );
  }
}
