import type { Command } from 'commander';

const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 86_400)
    throw new Error(`--ttl must be 1–86400 seconds, got "${v}"`);
  return n;
};

/**
 * `cardgate command keygen` and `cardgate command sign`: headquarters' command key and the
 * signed commands stations accept over MQTT (docs/telemetry.md, "Signed-command format").
 */
export function register(program: Command): void {
  const cmd = program.command('command').description("Make headquarters' command key and signed commands");

  cmd
    .command('keygen')
    .description(
      'Make a new HQ command key: the private JWK (keep it at HQ) and the public JWK set to enrol at stations',
    )
    .requiredOption('--out <dir>', 'folder to write hq-command-key.jwk (0600) and hq-command-keys.json into')
    .option('--kid <id>', 'key id (defaults to hq-cmd-<date>)')
    .action(async (o: { out: string; kid?: string }) => {
      const { mkdir, writeFile } = await import('node:fs/promises');
      const { join } = await import('node:path');
      const { generateCommandKey } = await import('../../telemetry/command-token.js');
      const { privateJwk, publicJwks } = await generateCommandKey(o.kid);
      await mkdir(o.out, { recursive: true, mode: 0o700 });
      const priv = join(o.out, 'hq-command-key.jwk');
      const pub = join(o.out, 'hq-command-keys.json');
      // `wx`: never overwrite a key that may already be enrolled at stations.
      await writeFile(priv, JSON.stringify(privateJwk, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
      await writeFile(pub, JSON.stringify(publicJwks, null, 2) + '\n', { mode: 0o644, flag: 'wx' });
      process.stdout.write(`private key: ${priv}\npublic key set (enrol at stations): ${pub}\n`);
    });

  cmd
    .command('sign')
    .description('Print a command signed with the HQ key for one station (a compact JWS, the MQTT payload)')
    .requiredOption('--key <file>', "HQ's private command key (JWK)")
    .requiredOption('--site <id>', 'site of the station')
    .requiredOption('--station <id>', 'the station the command is for')
    .requiredOption('--command <name>', 'lock-station, unlock-station, assign-number-block, rebirth, …')
    .option('--args <json>', 'the command arguments as a JSON object, e.g. {"reason":"audit"}', '{}')
    .option('--ttl <seconds>', 'how long the command stays valid', seconds, 300)
    .option('--request-id <id>', 'request id for the reply (defaults to the command id)')
    .action(
      async (o: {
        key: string;
        site: string;
        station: string;
        command: string;
        args: string;
        ttl: number;
        requestId?: string;
      }) => {
        const { CardgateError } = await import('../../core/errors.js');
        const { readInputFile } = await import('../read-input.js');
        const { isCommandName } = await import('../../telemetry/contract/index.js');
        const { signCommand } = await import('../../telemetry/command-token.js');
        const usage = (message: string) =>
          new CardgateError('COMMAND_ARGS_INVALID', message, { status: 400 });
        if (!isCommandName(o.command)) throw usage(`--command ${o.command} is not a station command`);
        let args: unknown;
        try {
          args = JSON.parse(o.args);
        } catch {
          throw usage('--args must be a JSON object');
        }
        if (typeof args !== 'object' || args === null || Array.isArray(args))
          throw usage('--args must be a JSON object');
        let key: Record<string, unknown>;
        try {
          key = JSON.parse((await readInputFile(o.key)).toString('utf8')) as Record<string, unknown>;
        } catch (e) {
          if (e instanceof CardgateError) throw e;
          throw usage(`${o.key} is not a JWK`);
        }
        if (typeof key.d !== 'string') throw usage(`${o.key} holds no private key`);
        const token = await signCommand({
          key,
          site: o.site,
          station: o.station,
          command: o.command,
          args: args as Record<string, unknown>,
          ttlSeconds: o.ttl,
          ...(o.requestId ? { requestId: o.requestId } : {}),
        });
        process.stdout.write(`${token}\n`);
      },
    );
}
