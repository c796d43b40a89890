import { describe, expect, it } from 'vitest';
import { Desks } from '../../gateway/applicant/desks.js';
import { confirmationGate } from '../../gateway/applicant/gate.js';
import { cardView, confirmationDigest } from '../../gateway/applicant/card-view.js';
import { Pairings } from '../../gateway/applicant/pairing.js';
import { screenState } from '../../gateway/applicant/status.js';
import type { PersonRecord } from '../../gateway/document/person.js';

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const person: PersonRecord = {
  surname: 'Ковальчук',
  givenNames: 'Олена',
  sex: 'F',
  dateOfBirth: '1990-03-14',
  nationality: 'UKR',
};

describe('pairing codes', () => {
  it('are single use, expire, and end the older screen of the desk', () => {
    let now = 0;
    const p = new Pairings({ now: () => now, codeTtlMs: 60_000, failuresPerMinute: 5 });
    const first = p.issue('ana');
    const screen = p.redeem(first.code, '10.0.0.9');
    expect(p.deskOf(screen.token)).toBe('ana');
    expect(() => p.redeem(first.code, '10.0.0.9')).toThrow(
      expect.objectContaining({ code: 'PAIRING_CODE_INVALID' }),
    );
    const late = p.issue('ana');
    now += 60_000;
    expect(() => p.redeem(late.code, '10.0.0.8')).toThrow(
      expect.objectContaining({ code: 'PAIRING_CODE_INVALID' }),
    );
    const again = p.redeem(p.issue('ana').code, '10.0.0.8');
    expect(p.deskOf(again.token)).toBe('ana');
    expect(p.deskOf(screen.token)).toBeNull();
  });

  it('refuse a client after five wrong codes a minute, even the right one', () => {
    let now = 0;
    const p = new Pairings({ now: () => now, codeTtlMs: 600_000, failuresPerMinute: 5 });
    const { code } = p.issue('ana');
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++)
      expect(() => p.redeem(wrong, '10.0.0.7')).toThrow(
        expect.objectContaining({ code: 'PAIRING_CODE_INVALID' }),
      );
    expect(() => p.redeem(code, '10.0.0.7')).toThrow(
      expect.objectContaining({ code: 'PAIRING_RATE_LIMITED' }),
    );
    now += 60_001;
    expect(p.redeem(code, '10.0.0.7').desk).toBe('ana');
  });
});

describe('the confirmation gate', () => {
  const rules = { today: '2026-11-30', validityDays: 180 };
  const setup = () => {
    const desks = new Desks();
    const gate = confirmationGate(
      desks,
      () => 'when-paired',
      () => 180,
    );
    desks.update('ana', (d) => {
      d.paired = true;
      d.draft = { digest: confirmationDigest(person, jpeg), view: cardView('d1', person, jpeg, rules) };
    });
    return { desks, gate };
  };

  it('refuses until the applicant confirms exactly these data, then admits once', async () => {
    const { desks, gate } = setup();
    const input = { kind: 'new' as const, person, photoJpeg: jpeg };
    await expect(async () => gate.check(input, 'ana')).rejects.toMatchObject({
      code: 'APPLICANT_CONFIRMATION_REQUIRED',
    });
    desks.update(
      'ana',
      (d) => void (d.answer = { draftId: 'd1', answer: 'wrong', field: 'dateOfBirth', at: '' }),
    );
    await expect(async () => gate.check(input, 'ana')).rejects.toMatchObject({
      code: 'APPLICANT_CONFIRMATION_REQUIRED',
    });
    desks.update('ana', (d) => void (d.answer = { draftId: 'd1', answer: 'correct', field: null, at: '' }));
    // Other data than those confirmed are refused.
    const other = { ...input, person: { ...person, dateOfBirth: '1990-03-15' } };
    await expect(async () => gate.check(other, 'ana')).rejects.toMatchObject({
      code: 'APPLICANT_CONFIRMATION_REQUIRED',
    });
    await gate.check(input, 'ana');
    gate.admitted?.({ id: 'job-1', status: 'queued' } as never, input, 'ana');
    expect(desks.get('ana')).toMatchObject({
      stage: 'printing',
      draft: null,
      job: { id: 'job-1', dateOfExpiry: '2027-05-29' },
    });
    await expect(async () => gate.check(input, 'ana')).rejects.toMatchObject({
      code: 'APPLICANT_CONFIRMATION_REQUIRED',
    });
    // A desk without a screen is not held up; another desk's screen shows nothing of this one.
    await gate.check(input, 'bogdan');
    expect(screenState(desks.get('bogdan'))).toEqual({ stage: 'idle', view: null, answer: null, job: null });
  });

  it('a verbal confirmation for the draft lets it through (screen dropped)', async () => {
    const { desks, gate } = setup();
    desks.update('ana', (d) => void (d.override = { draftId: 'd1', reason: 'screen broke', at: '' }));
    await gate.check({ kind: 'new', person, photoJpeg: jpeg }, 'ana');
  });

  it('shows names as written beside their MRZ spelling', () => {
    expect(cardView('x', person, jpeg, rules)).toMatchObject({
      surname: 'Ковальчук',
      mrzName: 'KOVALCHUK<<OLENA',
    });
  });
});
