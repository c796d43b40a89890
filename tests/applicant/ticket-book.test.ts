import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { TicketBook } from '../../gateway/queue/ticket-book.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const log = pino({ level: 'silent' });
const at = (iso: string) => Date.parse(iso);

describe('waiting-room tickets', () => {
  it('survive a restart: numbers continue, called tickets stay called', async () => {
    const dir = makeTempDir('cardgate-queue-');
    let now = at('2026-11-30T09:00:00Z');
    const a = await TicketBook.open(dir, () => now, log);
    expect((await a.take()).number).toBe(1);
    expect((await a.take()).number).toBe(2);
    expect((await a.callNext('desk-a')).number).toBe(1);

    const b = await TicketBook.open(dir, () => now, log);
    expect(b.display()).toMatchObject({ serving: [{ number: 1, desk: 'desk-a' }], waiting: 1 });
    expect((await b.take()).number).toBe(3);
    // No personal data: the file holds numbers, times, desks and a language code only.
    const file = readFileSync(join(dir, 'queue', 'tickets.json'), 'utf8');
    expect(Object.keys(JSON.parse(file).tickets[0]).sort()).toEqual(
      ['calledAt', 'day', 'desk', 'lang', 'number', 'priority', 'status', 'takenAt'].sort(),
    );
    now = at('2026-12-01T07:00:00Z');
    expect((await b.take()).number).toBe(1);
  });

  it('calls priority tickets before earlier normal ones, each in the order taken', async () => {
    const book = await TicketBook.open(makeTempDir('cardgate-queue-'), () => at('2026-11-30T09:00:00Z'), log);
    await book.take();
    await book.take();
    await book.take({ priority: 'priority' });
    await book.setPriority(2, 'priority');
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await book.callNext('d')).number);
    expect(order).toEqual([2, 3, 1]);
    await expect(book.callNext('d')).rejects.toMatchObject({ code: 'QUEUE_EMPTY' });
  });

  it('two desks calling at once never get the same ticket', async () => {
    const book = await TicketBook.open(makeTempDir('cardgate-queue-'), () => at('2026-11-30T09:00:00Z'), log);
    for (let i = 0; i < 10; i++) await book.take();
    const called = await Promise.all(Array.from({ length: 10 }, (_, i) => book.callNext(`desk-${i % 3}`)));
    expect(new Set(called.map((t) => t.number)).size).toBe(10);
  });

  it('estimates the wait from the measured issuance rate', async () => {
    let now = at('2026-11-30T09:00:00Z');
    const book = await TicketBook.open(makeTempDir('cardgate-queue-'), () => now, log);
    expect(book.display().estimatedWaitMinutes).toBeNull();
    // A card every 3 minutes: 20 cards an hour.
    for (let i = 0; i < 5; i++) await book.recordIssued(now + i * 180_000);
    now += 4 * 180_000;
    for (let i = 0; i < 3; i++) await book.take();
    expect(book.cardsPerHour()).toBeCloseTo(20, 5);
    // Three waiting plus one's own card at 3 minutes each.
    expect(book.display().estimatedWaitMinutes).toBe(12);
  });

  it('a damaged file is kept aside and the queue starts empty', async () => {
    const dir = makeTempDir('cardgate-queue-');
    const book = await TicketBook.open(dir, () => at('2026-11-30T09:00:00Z'), log);
    await book.take();
    writeFileSync(join(dir, 'queue', 'tickets.json'), '{"version":1,"tick');
    const again = await TicketBook.open(dir, () => at('2026-11-30T09:00:00Z'), log);
    expect(again.display().waiting).toBe(0);
    expect(readdirSync(join(dir, 'queue')).some((f) => f.startsWith('tickets.json.damaged-'))).toBe(true);
  });
});
