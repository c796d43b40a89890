import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CardgateError } from '../../core/errors.js';
import type { AuditSink } from '../../core/audit-sink.js';
import type { PrinterAttachment } from '../../devices/printer.js';
import { classifyConsoleCommand } from '../../../drivers/printer/evolis/console-commands.js';

export interface PrinterRoutesDeps {
  /** The station's printers by id (from attachPrinter). */
  printers: (id: string) => PrinterAttachment | undefined;
  audit: AuditSink;
  /**
   * Whether an issuance job is being worked (the console is refused then). The driver also
   * refuses while it holds a card or runs an operation; this covers the rest of a job's life.
   */
  jobRunning?: () => boolean | Promise<boolean>;
}

const FaultSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  explanation: Type.String(),
  fix: Type.String(),
  needsOperator: Type.Boolean(),
  at: Type.String(),
});

export const FaultList = Type.Object({ items: Type.Array(FaultSchema) });

const ACTIONS = ['test-card', 'clean', 'reset', 'eject', 'reject'] as const;
const Params = Type.Object({ id: Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }) });
const TECH = ['technician'] as const;

const consoleBusy = (): CardgateError =>
  new CardgateError(
    'CONSOLE_PRINTER_BUSY',
    'A card job is using the printer; the console is refused until it ends.',
  );

const actionBusy = (): CardgateError =>
  new CardgateError(
    'PRINTER_ACTION_BUSY',
    'A card job is queued or in the printer; maintenance actions wait until it ends.',
  );

/** Technician routes: live status, maintenance actions, raw console (audited), recent faults. */
export const printerRoutes: FastifyPluginAsyncTypebox<PrinterRoutesDeps> = async (app, deps) => {
  const find = (id: string): PrinterAttachment => {
    const p = deps.printers(id);
    if (!p) throw new CardgateError('PRINTER_NOT_FOUND', `no printer ${id}`, { status: 404 });
    return p;
  };

  app.get(
    '/printers/:id/status',
    {
      config: { access: TECH },
      schema: {
        tags: ['printer'],
        summary: 'Identity, ribbon, counters and sensors, read from the printer now',
        params: Params,
        response: {
          200: Type.Object({
            id: Type.String(),
            identity: Type.Unknown(),
            status: Type.Unknown(),
          }),
        },
      },
    },
    async (req) => {
      const a = find(req.params.id);
      const identity = await a.printer.identity();
      const status = await a.printer.status();
      return { id: a.printer.id, identity, status };
    },
  );

  app.post(
    '/printers/:id/actions/:action',
    {
      config: { access: TECH },
      schema: {
        tags: ['printer'],
        summary: 'Maintenance action: test card, cleaning cycle, reset, eject or reject the card inside',
        params: Type.Object({
          id: Params.properties.id,
          action: Type.Union(ACTIONS.map((a) => Type.Literal(a))),
        }),
        response: { 200: Type.Object({ ok: Type.Boolean(), action: Type.String() }) },
      },
    },
    async (req) => {
      const a = find(req.params.id);
      const action = req.params.action as (typeof ACTIONS)[number];
      const run = {
        'test-card': () => a.printer.testCard(),
        clean: () => a.printer.clean(),
        reset: () => a.printer.reset(),
        eject: () => a.printer.eject(),
        reject: () => a.printer.reject(),
      }[action];
      const actor = req.principal?.name ?? 'unknown';
      const books = a.books;
      try {
        // Nothing moves a card under a job, and a test card needs a booked blank and a printer
        // that can finish it (pre-flight), so the books and the feeder never part.
        if (books?.busy()) throw actionBusy();
        if (action === 'test-card') {
          books?.assertBlank();
          await a.printer.preflight();
        }
        await run().catch(async (e: unknown) => {
          if (action === 'test-card' && (e as { spoilsCard?: boolean }).spoilsCard)
            await books?.recordTestCard(actor);
          throw e;
        });
        if (action === 'test-card') await books?.recordTestCard(actor);
      } catch (e) {
        await deps.audit.append({
          actor,
          action: 'printer.action',
          target: a.printer.id,
          outcome: 'failed',
          details: { action, code: (e as { code?: string }).code ?? null },
        });
        throw e;
      }
      await deps.audit.append({
        actor,
        action: 'printer.action',
        target: a.printer.id,
        outcome: 'ok',
        details: { action },
      });
      return { ok: true, action };
    },
  );

  app.post(
    '/printers/:id/raw',
    {
      config: { access: TECH },
      schema: {
        tags: ['printer'],
        summary:
          'Technician console: one read command (R…), its raw reply; commands that move, print or configure are refused (403), any while a job runs (409); every attempt audited',
        params: Params,
        body: Type.Object(
          {
            command: Type.String({
              minLength: 1,
              maxLength: 120,
              pattern: '^\\x1b?[A-Za-z]{1,8}(;[\\x20-\\x3a\\x3c-\\x7e]*)*$',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ reply: Type.String() }) },
      },
    },
    async (req) => {
      const a = find(req.params.id);
      const actor = req.principal?.name ?? 'unknown';
      const command = req.body.command.startsWith('\x1b') ? req.body.command.slice(1) : req.body.command;
      const audit = (outcome: 'ok' | 'denied' | 'failed', details: Record<string, string | null>) =>
        deps.audit.append({
          actor,
          action: 'printer.raw',
          target: a.printer.id,
          outcome,
          details: { command, ...details },
        });
      if ((await deps.jobRunning?.()) || a.books?.busy()) {
        await audit('denied', { code: 'CONSOLE_PRINTER_BUSY' });
        throw consoleBusy();
      }
      const verdict = classifyConsoleCommand(command);
      if (!verdict.allowed) {
        await audit('denied', { code: 'CONSOLE_COMMAND_REFUSED', kind: verdict.kind });
        throw new CardgateError(
          'CONSOLE_COMMAND_REFUSED',
          `${verdict.name || 'this command'}: ${verdict.reason}. The console sends read commands (R…) only.`,
          { details: { kind: verdict.kind } },
        );
      }
      try {
        const reply = await a.printer.raw(command);
        await audit('ok', { reply });
        return { reply };
      } catch (e) {
        const code = (e as { code?: string }).code ?? null;
        if (code === 'CONSOLE_PRINTER_BUSY') {
          await audit('denied', { code });
          throw consoleBusy();
        }
        if (code === 'CONSOLE_COMMAND_REFUSED') {
          await audit('denied', { code });
          throw new CardgateError('CONSOLE_COMMAND_REFUSED', (e as Error).message);
        }
        await audit('failed', { code });
        throw e;
      }
    },
  );

  app.get(
    '/printers/:id/faults',
    {
      config: { access: TECH },
      schema: {
        tags: ['printer'],
        summary: 'Recent faults with what they mean and what to try',
        params: Params,
        response: { 200: FaultList },
      },
    },
    async (req) => ({ items: find(req.params.id).faults() }),
  );
};
