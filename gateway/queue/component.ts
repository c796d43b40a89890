import type { StationContext } from '../station.js';
import type { TicketBook } from './ticket-book.js';

/** The waiting-room queue: durable tickets, routes, and the issuance rate measured on the bus. */
export async function startQueue(ctx: StationContext): Promise<TicketBook> {
  const { TicketBook } = await import('./ticket-book.js');
  const now = () => ctx.clock.now();
  const book = await TicketBook.open(ctx.dataDir, now, ctx.logger.child({ area: 'queue' }));
  const off = ctx.bus.on('issuance:job', (e) => {
    if (e.status !== 'done') return;
    book
      .recordIssued(now())
      .catch((err: Error) => ctx.logger.error({ err: err.message }, 'queue rate not recorded'));
  });
  const { queueRoutes } = await import('./routes.js');
  await ctx.api.register(queueRoutes, { prefix: ctx.apiPrefix, book, now });
  ctx.life.started({ name: 'queue', stop: off, ready: () => true });
  return book;
}
