import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/processes.js';

describe('cardgate fleet', () => {
  it('refuses a broker that is not an MQTT URL with exit code 2', async () => {
    const r = await runCli(['fleet', '--broker', 'http://example.com']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--broker/);
  });
});
