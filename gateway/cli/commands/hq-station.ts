import type { Command } from 'commander';
import { hqDataDirOption, hqDbOption } from './hq.js';

interface Common {
  dataDir: string;
  db: string;
  site: string;
  station: string;
}

/** Opens HQ's database (migrated) and key store, and the station book over them. */
async function openBook(o: { dataDir: string; db: string }) {
  const { resolve } = await import('node:path');
  const { openDatabase } = await import('../../hq/db/database.js');
  const { migrate } = await import('../../hq/db/migrator.js');
  const { openKeyStore } = await import('../../keys/open-key-store.js');
  const { loadHqTrust } = await import('../../hq/enrolment/hq-trust.js');
  const { StationBook } = await import('../../hq/enrolment/station-book.js');
  const { systemClock } = await import('../../core/clock.js');
  const dataDir = resolve(o.dataDir);
  const db = await openDatabase(o.db, dataDir);
  const store = await openKeyStore({}, { dataDir });
  try {
    await migrate(db);
    const trust = await loadHqTrust(db, store, systemClock);
    const book = new StationBook(db, trust, systemClock);
    return {
      book,
      close: async () => {
        await store.close();
        await db.close();
      },
    };
  } catch (e) {
    await store.close();
    await db.close();
    throw e;
  }
}

async function withBook<T>(
  o: { dataDir: string; db: string },
  fn: (b: Awaited<ReturnType<typeof openBook>>['book']) => Promise<T>,
) {
  const h = await openBook(o);
  try {
    return await fn(h.book);
  } finally {
    await h.close();
  }
}

/**
 * `cardgate hq station add|list|suspend|resume|rekey`: enrolment at HQ (gateway/hq/enrolment).
 * Works on a stopped HQ's data directory (embedded database) or with `--db postgres://…` while
 * HQ runs. Registered under `cardgate hq` (HQ_SUBCOMMANDS in hq.ts).
 */
export function register(hq: Command): void {
  const station = hq.command('station').description('Manage the stations enrolled at HQ');
  const common = (c: Command, withIds = true) => {
    c.addOption(hqDataDirOption()).addOption(hqDbOption());
    if (withIds) c.requiredOption('--site <site>', 'site id').requiredOption('--station <id>', 'station id');
    return c;
  };

  common(
    station
      .command('add')
      .description('Add a station; prints its one-time enrolment token (valid 24 h) last'),
  ).action(async (o: Common) => {
    const token = await withBook(o, (b) => b.add(o.site, o.station));
    process.stdout.write(
      `cardgate: station ${o.site}/${o.station} added; enrol it within 24 h with:\n` +
        `  cardgate enrol --data-dir DIR --hq URL --token TOKEN\n${token}\n`,
    );
  });
  common(
    station.command('rekey').description('Print a token with which the station enrols a new key (last line)'),
  ).action(async (o: Common) => {
    const token = await withBook(o, (b) => b.rekey(o.site, o.station));
    process.stdout.write(
      `cardgate: re-key token for ${o.site}/${o.station}; at the station run cardgate enrol --rekey with:\n${token}\n`,
    );
  });
  common(station.command('suspend').description('Suspend a station: its records are refused')).action(
    async (o: Common) => {
      await withBook(o, (b) => b.setStatus(o.site, o.station, 'suspended'));
      process.stdout.write(`cardgate: station ${o.site}/${o.station} suspended\n`);
    },
  );
  common(station.command('resume').description('Lift a suspension')).action(async (o: Common) => {
    await withBook(o, (b) => b.setStatus(o.site, o.station, 'active'));
    process.stdout.write(`cardgate: station ${o.site}/${o.station} resumed\n`);
  });
  common(station.command('list').description('List stations'), false)
    .option('--json', 'machine-readable output')
    .action(async (o: Common & { json?: boolean }) => {
      const list = await withBook(o, (b) => b.list());
      if (o.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      for (const s of list)
        process.stdout.write(
          `${s.site}/${s.station}\t${s.status}\t${s.certificate ? `certificate until ${s.certificate.notAfter}` : 'not enrolled'}\n`,
        );
    });
}
