import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The openssl command line (the independent check of our certificates, CRLs and CMS): exit code and output. */
export async function openssl(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run('openssl', args);
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}
