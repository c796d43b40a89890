import type { Command } from 'commander';

interface IssueOptions {
  server: string;
  user?: string;
  password?: string;
  token?: string;
  person?: string;
  photo?: string;
  batch?: string;
  kind: string;
  previous?: string;
  wait?: boolean;
  insecure?: boolean;
  pollMs: string;
}

interface JobOut {
  id: string;
  status: string;
  documentNumber: string | null;
  error: { code: string; message: string } | null;
}

const RESTING = new Set(['done', 'failed', 'cancelled', 'voided', 'needs-operator']);

/**
 * `cardgate issue`: issue one card (or a batch, in order) through a running station's API and
 * print the job as JSON. The station allocates document numbers; dates default to today and the
 * configured validity.
 */
export function register(program: Command): void {
  program
    .command('issue')
    .description('Issue a card (or a batch of cards) through a running station')
    .requiredOption('--server <url>', 'station URL, e.g. https://127.0.0.1:8443')
    .option('--user <name>', 'operator name (with --password)')
    .option('--password <pw>', 'operator password')
    .option('--token <token>', 'API token instead of a name and password')
    .option(
      '--person <file.json>',
      'person record (same fields as cardgate mrz, plus personalCode, placeOfResidence)',
    )
    .option('--photo <file.jpg>', 'the photo, JPEG')
    .option('--batch <file>', 'CSV or JSONL of people with a photo column/key, issued in order')
    .option('--kind <kind>', 'new | reissue | extension', 'new')
    .option('--previous <jobId>', 'the job of the card a reissue replaces')
    .option('--wait', 'wait until the card is finished')
    .option('--insecure', 'accept the station’s self-signed certificate')
    .option('--poll-ms <ms>', 'how often to ask for progress', '250')
    .action(async (opts: IssueOptions) => {
      const { readFile } = await import('node:fs/promises');
      const { CardgateError } = await import('../../core/errors.js');
      const { connectApi } = await import('../../issuance/client/http.js');
      const { readBatch } = await import('../../issuance/client/batch-file.js');
      if (!opts.batch && !(opts.person && opts.photo)) {
        throw new CardgateError('ISSUE_INPUT_REQUIRED', 'give --person and --photo, or --batch', {
          status: 400,
        });
      }
      if (!['new', 'reissue', 'extension'].includes(opts.kind)) {
        throw new CardgateError('KIND_INVALID', 'kind is new, reissue or extension', { status: 400 });
      }
      const api = await connectApi(opts);
      const pollMs = Math.max(20, Number(opts.pollMs) || 250);

      const readJson = async (file: string): Promise<Record<string, unknown>> => {
        try {
          return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
        } catch (e) {
          throw new CardgateError('PERSON_FILE_INVALID', `${file}: ${(e as Error).message}`, { status: 400 });
        }
      };
      const readPhoto = async (file: string): Promise<string> =>
        (
          await readFile(file).catch((e: Error) => {
            throw new CardgateError('PHOTO_UNREADABLE', `${file}: ${e.message}`, { status: 400 });
          })
        ).toString('base64');
      const submit = async (person: Record<string, unknown>, photo: string): Promise<JobOut> => {
        // Numbers come from the station's leased blocks, never from the file.
        const { documentNumber, ...rest } = person;
        if (documentNumber !== undefined)
          process.stderr.write(
            `cardgate: ignoring documentNumber in the person file: the station allocates it\n`,
          );
        return api.call<JobOut>('POST', '/issuances', {
          kind: opts.kind,
          ...(opts.previous ? { previousJobId: opts.previous } : {}),
          person: rest,
          photo,
        });
      };
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const waitJob = async (id: string): Promise<JobOut> => {
        for (;;) {
          const j = await api.call<JobOut>('GET', `/issuances/${id}`);
          if (RESTING.has(j.status)) return j;
          await sleep(pollMs);
        }
      };

      if (!opts.batch) {
        let job = await submit(await readJson(opts.person!), await readPhoto(opts.photo!));
        if (opts.wait) job = await waitJob(job.id);
        process.stdout.write(JSON.stringify(job, null, 2) + '\n');
        if (opts.wait && job.status !== 'done') process.exitCode = 1;
        return;
      }

      const items = await readBatch(opts.batch);
      const tty = process.stderr.isTTY;
      const bar = (done: number, failed: number, phase: string): void => {
        const width = 30;
        const fill = Math.round(((done + failed) / Math.max(1, items.length)) * width);
        const line = `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done + failed}/${items.length} ${phase} (${done} done, ${failed} not done)`;
        process.stderr.write(tty ? `\r${line}` : `${line}\n`);
      };
      const submitted: Array<{ line: number; job: JobOut | null; error: string | null }> = [];
      for (const item of items) {
        try {
          const job = await submit(item.person, await readPhoto(item.photoPath));
          submitted.push({ line: item.line, job, error: null });
        } catch (e) {
          submitted.push({
            line: item.line,
            job: null,
            error: `${(e as { code?: string }).code ?? 'ERROR'}: ${(e as Error).message}`,
          });
        }
        bar(0, 0, `submitted ${submitted.length}`);
      }
      const results = submitted.map((s) => ({ ...s }));
      let pending = results.filter((r) => r.job && !RESTING.has(r.job.status));
      while (pending.length > 0) {
        for (const r of pending) r.job = await api.call<JobOut>('GET', `/issuances/${r.job!.id}`);
        const done = results.filter((r) => r.job?.status === 'done').length;
        const notDone = results.filter(
          (r) => !r.job || (RESTING.has(r.job.status) && r.job.status !== 'done'),
        ).length;
        bar(done, notDone, 'issuing');
        pending = results.filter((r) => r.job && !RESTING.has(r.job.status));
        if (pending.length > 0) await sleep(pollMs);
      }
      if (tty) process.stderr.write('\n');
      const summary = {
        total: items.length,
        done: results.filter((r) => r.job?.status === 'done').length,
        failed: results.filter((r) => r.job?.status !== 'done').length,
        jobs: results.map((r) => ({
          line: r.line,
          id: r.job?.id ?? null,
          status: r.job?.status ?? 'rejected',
          documentNumber: r.job?.documentNumber ?? null,
          error: r.error ?? (r.job?.error ? `${r.job.error.code}: ${r.job.error.message}` : null),
        })),
      };
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      if (summary.failed > 0) process.exitCode = 1;
    });
}
