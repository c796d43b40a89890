import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithSystem } from '../helpers/system.js';
import { projectRoot } from '../helpers/processes.js';

const dir = join(projectRoot, 'docs/prometheus');
const promtool = (args: string[]) =>
  execFileSync('promtool', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

describeWithSystem(['promtool'], "HQ's Prometheus alert rules", () => {
  it('pass promtool check rules', () => {
    expect(promtool(['check', 'rules', 'alerts.yml'])).toMatch(/SUCCESS: 5 rules found/);
  });

  it('fire as specified (offline > 10 min, printer fault > 30 min, stock, hand-off > 1 h, clock) in promtool test rules', () => {
    // A failing case makes promtool exit non-zero, which throws here with its report.
    expect(promtool(['test', 'rules', 'alerts.test.yml'])).toMatch(/SUCCESS/);
  });
});
