import { Option, type Command } from 'commander';

const ROLE_CHOICES = ['operator', 'technician', 'admin'];

interface Common {
  dataDir: string;
}

const dataDirOption = (): Option =>
  new Option('-d, --data-dir <dir>', "the station's data directory").default('./var');

async function openStore(dataDir: string) {
  const { resolve } = await import('node:path');
  const { UserStore } = await import('../../users/store.js');
  return UserStore.open(resolve(dataDir));
}

/** Reads a password from --password, or from stdin when --password is '-' (keeps it out of shell history). */
async function passwordFrom(value: string): Promise<string> {
  if (value !== '-') return value;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Local accounts, worked on the data directory's users.json directly: usable before the first
 * start and when locked out. A running station re-reads the file at the next login.
 */
export function register(program: Command): void {
  const user = program.command('user').description("Manage local accounts in a station's data directory");

  user
    .command('add')
    .description('Create an account')
    .addOption(dataDirOption())
    .requiredOption('-n, --name <name>', 'login name (lower case)')
    .addOption(new Option('-r, --role <role>', 'role').choices(ROLE_CHOICES).makeOptionMandatory())
    .requiredOption('-p, --password <password>', "password ('-' reads it from stdin)")
    .option('--must-change', 'require a password change at first login')
    .action(async (opts: Common & { name: string; role: string; password: string; mustChange?: boolean }) => {
      const store = await openStore(opts.dataDir);
      const view = await store.add({
        name: opts.name,
        role: opts.role as 'operator' | 'technician' | 'admin',
        password: await passwordFrom(opts.password),
        mustChangePassword: opts.mustChange === true,
      });
      process.stdout.write(`cardgate: user ${view.name} (${view.role}) added\n`);
    });

  user
    .command('passwd')
    .description('Set a new password for an account')
    .addOption(dataDirOption())
    .requiredOption('-n, --name <name>', 'login name')
    .requiredOption('-p, --password <password>', "new password ('-' reads it from stdin)")
    .option('--must-change', 'require a password change at next login')
    .action(async (opts: Common & { name: string; password: string; mustChange?: boolean }) => {
      const store = await openStore(opts.dataDir);
      await store.setPassword(opts.name, await passwordFrom(opts.password), {
        mustChange: opts.mustChange === true,
      });
      process.stdout.write(`cardgate: password of ${opts.name} changed\n`);
    });

  user
    .command('list')
    .description('List accounts')
    .addOption(dataDirOption())
    .option('--json', 'machine-readable output')
    .action(async (opts: Common & { json?: boolean }) => {
      const store = await openStore(opts.dataDir);
      const users = store.list();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
        return;
      }
      for (const u of users) {
        const flags = [
          u.mustChangePassword ? 'must change password' : '',
          u.tokens.length ? `${u.tokens.length} token(s)` : '',
        ]
          .filter(Boolean)
          .join(', ');
        process.stdout.write(`${u.name}\t${u.role}${flags ? `\t${flags}` : ''}\n`);
      }
    });

  user
    .command('remove')
    .description('Remove an account')
    .addOption(dataDirOption())
    .requiredOption('-n, --name <name>', 'login name')
    .action(async (opts: Common & { name: string }) => {
      const store = await openStore(opts.dataDir);
      await store.remove(opts.name);
      process.stdout.write(`cardgate: user ${opts.name} removed\n`);
    });
}
