import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allowedActions,
  assertTransition,
  canTransition,
  JOB_STATUSES,
  TRANSITIONS,
  TERMINAL,
  type JobStatus,
} from '../../gateway/issuance/state-machine.js';
import { facePhoto } from './fakes.js';
import { makeRig, person } from './service-helpers.js';

describe('job state machine', () => {
  // The business rules, written out by hand (not read from TRANSITIONS): every allowed move.
  const RULES: Array<[JobStatus, JobStatus, string]> = [
    ['draft', 'queued', 'the operator submits the request'],
    ['draft', 'cancelled', 'the operator drops the request'],
    ['queued', 'encoding', 'the worker takes the job and feeds a blank'],
    ['queued', 'cancelled', 'the operator cancels before any card was made'],
    ['queued', 'failed', 'no number, no personal data or the card cannot be rendered'],
    ['encoding', 'encoding', 'the next blank after a spoiled one'],
    ['encoding', 'printing', 'the chip is written'],
    ['encoding', 'failed', 'attempts exhausted'],
    ['encoding', 'needs-operator', 'a printer fault needs hands'],
    ['printing', 'done', 'the card left the printer'],
    ['printing', 'encoding', 'a print fault spoiled the card: next blank'],
    ['printing', 'failed', 'attempts exhausted'],
    ['printing', 'needs-operator', 'a printer fault needs hands'],
    ['needs-operator', 'queued', 'the operator fixed the printer and resumes'],
    ['needs-operator', 'cancelled', 'the operator gives the card up'],
    ['needs-operator', 'failed', 'the job cannot go on'],
    ['done', 'voided', 'an issued card is declared invalid'],
    ['failed', 'queued', 'a retryable failure is tried again'],
  ];
  const allowed = new Set(RULES.map(([f, t]) => `${f}→${t}`));

  it('allows exactly the moves the business rules list, and refuses every other with JOB_BAD_TRANSITION', () => {
    for (const from of JOB_STATUSES) {
      for (const to of JOB_STATUSES) {
        const ok = allowed.has(`${from}→${to}`);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(ok);
        if (ok) expect(() => assertTransition(from, to)).not.toThrow();
        else
          expect(() => assertTransition(from, to)).toThrow(
            expect.objectContaining({ code: 'JOB_BAD_TRANSITION' }),
          );
      }
    }
  });

  it('offers the actions the rules allow: no re-issue of a running job, re-issue of a voided card, no resume after cancel', () => {
    const none = { resume: false, cancel: false, reissue: false, void: false };
    expect(allowedActions({ status: 'queued' })).toEqual({ ...none, cancel: true });
    expect(allowedActions({ status: 'encoding' })).toEqual(none);
    expect(allowedActions({ status: 'printing' })).toEqual(none);
    expect(allowedActions({ status: 'needs-operator' })).toEqual({ ...none, resume: true, cancel: true });
    expect(allowedActions({ status: 'cancelled' })).toEqual(none);
    expect(allowedActions({ status: 'done' })).toEqual({ ...none, reissue: true, void: true });
    expect(allowedActions({ status: 'voided' })).toEqual({ ...none, reissue: true });
    expect(allowedActions({ status: 'voided', replacedBy: '20261128-00000000aa' })).toEqual(none);
    expect(allowedActions({ status: 'failed', error: { retryable: true } })).toEqual({
      ...none,
      resume: true,
    });
    expect(allowedActions({ status: 'failed', error: { retryable: false } })).toEqual(none);
  });

  it('cancelled and voided are final; a done card can only be voided; failures only go back to the queue', () => {
    expect(TRANSITIONS.cancelled).toEqual([]);
    expect(TRANSITIONS.voided).toEqual([]);
    expect(TRANSITIONS.done).toEqual(['voided']);
    expect(TRANSITIONS.failed).toEqual(['queued']);
    for (const s of TERMINAL) expect(TRANSITIONS[s]).not.toContain('done');
  });

  it('random walks through the table never reach done without encoding and printing first', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (choices) => {
        let s: JobStatus = 'draft';
        const seen: JobStatus[] = [s];
        for (const c of choices) {
          const next: readonly JobStatus[] = TRANSITIONS[s];
          if (next.length === 0) break;
          s = next[c % next.length]!;
          seen.push(s);
          if (s === 'done') {
            const i = seen.lastIndexOf('printing');
            expect(i).toBeGreaterThan(seen.lastIndexOf('queued'));
            expect(seen.lastIndexOf('encoding')).toBeLessThan(i);
          }
        }
      }),
    );
  });

  it('the service never records a history outside the table, under random operator actions and device faults', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.constant({ op: 'create' as const }),
            fc.record({ op: fc.constant('cancel' as const), i: fc.nat() }),
            fc.record({ op: fc.constant('void' as const), i: fc.nat() }),
            fc.record({ op: fc.constant('resume' as const), i: fc.nat() }),
            fc.record({ op: fc.constant('encodeFail' as const) }),
            fc.record({
              op: fc.constant('printFault' as const),
              needsOperator: fc.boolean(),
              spoils: fc.boolean(),
            }),
          ),
          { minLength: 1, maxLength: 25 },
        ),
        async (ops) => {
          const rig = await makeRig({ issuance: { maxCardAttempts: 2 } });
          await rig.service.loadStock(200, 'tech');
          const ids: string[] = [];
          for (const o of ops) {
            const pick = (i: number) => ids[i % Math.max(1, ids.length)];
            try {
              if (o.op === 'create')
                ids.push(
                  (await rig.service.create({ kind: 'new', person: person(), photoJpeg: facePhoto() }, 'op'))
                    .id,
                );
              else if (o.op === 'encodeFail') rig.encoder.failures.push('CARD_ERROR');
              else if (o.op === 'printFault')
                rig.printer.faults.push({
                  on: 'print',
                  code: 'CARD_JAM',
                  needsOperator: o.needsOperator,
                  spoilsCard: o.spoils,
                });
              else if (pick(o.i)) {
                const id = pick(o.i)!;
                if (o.op === 'cancel') await rig.service.cancel(id, 'op');
                else if (o.op === 'void') await rig.service.void(id, 'damaged', 'op');
                else await rig.service.resume(id, 'op');
              }
            } catch (e) {
              expect((e as { code?: string }).code).toMatch(/^JOB_NOT_|VOID_REASON/);
            }
          }
          await rig.service.idle();
          for (const j of await rig.service.allJobs()) {
            for (let k = 1; k < j.history.length; k++) {
              const from = j.history[k - 1]!.status;
              const to = j.history[k]!.status;
              expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
            }
            expect(j.history.at(-1)!.status).toBe(j.status);
          }
          const numbers = (await rig.service.allJobs())
            .map((j) => j.documentNumber)
            .filter((n) => n !== null);
          expect(new Set(numbers).size).toBe(numbers.length);
          expect(rig.service.stock().identityHolds).toBe(true);
          await rig.close();
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
