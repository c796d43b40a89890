import { Option, type Command } from 'commander';
import type { AccountStore } from '../../hq/accounts/account-store.js';
import { hqDataDirOption, hqDbOption } from './hq.js';

interface Common {
  dataDir: string;
  db: string;
}

/** Reads a password from --password, or from stdin when it is '-' (keeps it out of shell history). */
async function passwordFrom(value: string): Promise<string> {
  if (value !== '-') return value;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The account store on HQ's database, migrated first (a fresh data directory works too). */
async function withAccounts<T>(opts: Common, fn: (accounts: AccountStore) => Promise<T>): Promise<T> {
  const { resolve } = await import('node:path');
  const { openDatabase } = await import('../../hq/db/database.js');
  const { migrate } = await import('../../hq/db/migrator.js');
  const { AccountStore } = await import('../../hq/accounts/account-store.js');
  const db = await openDatabase(opts.db, resolve(opts.dataDir));
  try {
    await migrate(db);
    return await fn(new AccountStore(db));
  } finally {
    await db.close();
  }
}

const ROLES = ['admin', 'caseworker', 'verifier', 'supervisor'];

/**
 * HQ accounts, worked on the database directly: on a stopped HQ's data directory (the embedded
 * database belongs to one process) or with --db on PostgreSQL while HQ runs. Running replicas see
 * the change at once (they read accounts from the database).
 */
export function register(hq: Command): void {
  const user = hq.command('user').description("Manage HQ accounts in HQ's database");
  user
    .command('add')
    .description('Create an account')
    .addOption(hqDataDirOption())
    .addOption(hqDbOption())
    .requiredOption('-n, --name <name>', 'login name (lower case)')
    .addOption(new Option('-r, --role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .requiredOption('-p, --password <password>', "password ('-' reads it from stdin)")
    .option('--permission <name...>', 'extra permissions (protection)')
    .option('--must-change', 'require a password change at first login')
    .action(
      async (
        o: Common & {
          name: string;
          role: string;
          password: string;
          permission?: string[];
          mustChange?: boolean;
        },
      ) => {
        const password = await passwordFrom(o.password);
        const view = await withAccounts(o, (a) =>
          a.add({
            name: o.name,
            role: o.role,
            password,
            permissions: o.permission ?? [],
            mustChangePassword: o.mustChange === true,
          }),
        );
        process.stdout.write(`cardgate hq: user ${view.name} (${view.role}) added\n`);
      },
    );
  user
    .command('passwd')
    .description('Set a new password for an account')
    .addOption(hqDataDirOption())
    .addOption(hqDbOption())
    .requiredOption('-n, --name <name>', 'login name')
    .requiredOption('-p, --password <password>', "new password ('-' reads it from stdin)")
    .option('--must-change', 'require a password change at next login')
    .action(async (o: Common & { name: string; password: string; mustChange?: boolean }) => {
      const password = await passwordFrom(o.password);
      await withAccounts(o, (a) => a.setPassword(o.name, password, { mustChange: o.mustChange === true }));
      process.stdout.write(`cardgate hq: password of ${o.name} changed\n`);
    });
  user
    .command('list')
    .description('List accounts')
    .addOption(hqDataDirOption())
    .addOption(hqDbOption())
    .option('--json', 'machine-readable output')
    .action(async (o: Common & { json?: boolean }) => {
      const list = await withAccounts(o, (a) => a.list());
      if (o.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else
        for (const u of list)
          process.stdout.write(
            `${u.name}\t${u.role}${u.permissions.length ? `\t${u.permissions.join(',')}` : ''}\n`,
          );
    });
  user
    .command('remove')
    .description('Remove an account')
    .addOption(hqDataDirOption())
    .addOption(hqDbOption())
    .requiredOption('-n, --name <name>', 'login name')
    .action(async (o: Common & { name: string }) => {
      await withAccounts(o, (a) => a.remove(o.name));
      process.stdout.write(`cardgate hq: user ${o.name} removed\n`);
    });
}
