import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Poll until the check passes; never sleep a fixed time waiting for readiness. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${opts.what ?? 'condition'}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves when a line of output matches. */
  waitForOutput: (re: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Start a stand-in or the CLI as a direct child; end it by PID in teardown. */
export function startProcess(cmd: string, args: string[], opts: SpawnOptions = {}): RunningProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    output: () => out,
    waitForOutput: async (re, timeoutMs = 10_000) => {
      const m = await waitFor(() => out.match(re), { timeoutMs, what: `${cmd} output ${re}` }).catch(
        (e: Error) => {
          throw new Error(`${e.message}\n--- output of ${cmd} ---\n${out.slice(-3000)}`);
        },
      );
      return m;
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * How tests run `cardgate`: from the TypeScript sources (always current, no build needed), or
 * with CARDGATE_TEST_CLI=build through bin/cardgate.js on the build, to check the shipped bundle
 * against every CLI test (`npm run build && CARDGATE_TEST_CLI=build npm test`).
 */
export interface CliOptions {
  /** 'build': bin/cardgate.js on the build whatever CARDGATE_TEST_CLI says (the shipped-build test). */
  cli?: 'build';
}

const cliArgs = (opts: CliOptions): string[] =>
  opts.cli === 'build' || process.env.CARDGATE_TEST_CLI === 'build'
    ? [join(projectRoot, 'bin/cardgate.js')]
    : ['--import', 'tsx', join(projectRoot, 'gateway/cli/main.ts')];

/** Run `cardgate …` (see cliArgs). */
export function startCli(args: string[], opts: SpawnOptions & CliOptions = {}): RunningProcess {
  return startProcess(process.execPath, [...cliArgs(opts), ...args], {
    cwd: projectRoot,
    ...opts,
    env: { ...process.env, ...(opts.env ?? {}) },
  });
}

/** Run `cardgate …` to completion and return its exit code and output. */
export async function runCli(
  args: string[],
  opts: SpawnOptions & CliOptions & { input?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...cliArgs(opts), ...args], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...opts,
    env: { ...process.env, ...(opts.env ?? {}) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin?.end(opts.input ?? '');
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stdout, stderr };
}
