import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VULNERABILITY_FLAGS } from '../../gateway/protection/protection-details.js';
import { queueRoutes } from '../../gateway/queue/routes.js';
import { TicketBook } from '../../gateway/queue/ticket-book.js';
import { buildPluginTestApp } from '../helpers/api.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/**
 * Vulnerable people first: a ticket taken with a vulnerability need (marked at reception or on the
 * kiosk) is a priority ticket, called before tickets taken earlier; the waiting-room display and
 * the answer show the number only, and the need is not kept anywhere.
 */
describe('priority tickets for vulnerable people', () => {
  const dir = makeTempDir('cardgate-priority-');
  let app: FastifyInstance;
  beforeAll(async () => {
    const book = await TicketBook.open(
      dir,
      () => Date.parse('2026-11-30T09:00:00Z'),
      pino({ level: 'silent' }),
    );
    app = await buildPluginTestApp(queueRoutes, { book, now: () => Date.now() });
  });
  afterAll(() => app?.close());

  const take = (body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/queue/tickets', payload: body });
  const callNext = async () =>
    (
      await app.inject({ method: 'POST', url: '/api/v1/queue/next', headers: { 'x-test-role': 'operator' } })
    ).json<{ number: number }>().number;

  it('calls an unaccompanied child and a pregnant woman before the people who came earlier', async () => {
    const answers = [];
    answers.push(await take({ lang: 'ro' }));
    answers.push(await take({ lang: 'en' }));
    answers.push(await take({ lang: 'ar', needs: ['unaccompanied-minor'] }));
    answers.push(await take({}));
    answers.push(await take({ needs: ['pregnant', 'single-parent'] }));
    expect(answers.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    // Every answer has the same shape: nothing on the kiosk says who goes first.
    for (const r of answers)
      expect(Object.keys(r.json()).sort()).toEqual(['day', 'estimatedWaitMinutes', 'number', 'takenAt']);

    const order = [];
    for (let i = 0; i < 5; i++) order.push(await callNext());
    expect(order).toEqual([3, 5, 1, 2, 4]);
  });

  it('shows the called number on the display without saying why, and keeps no need', async () => {
    const display = (await app.inject({ url: '/api/v1/queue/display' })).body;
    expect(display).not.toMatch(/priority/);
    const stored = readFileSync(join(dir, 'queue', 'tickets.json'), 'utf8');
    for (const flag of VULNERABILITY_FLAGS) {
      expect(display).not.toContain(flag);
      expect(stored).not.toContain(flag);
    }
  });

  it('refuses a need that is not on the list', async () => {
    const r = await take({ needs: ['vip'] });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'FST_ERR_VALIDATION' });
  });
});
