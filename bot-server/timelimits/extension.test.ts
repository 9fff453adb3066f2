import { parseInstant } from '../calendar/civil-date';
import { CoverageWarnings } from '../calendar/coverage-warnings';
import { WorkCalendar } from '../calendar/WorkCalendar';
import { computeDeadline, recomputeDeadline } from './deadline';
import { applyExtension, type ExtensionRequest, extendExplicit } from './extension';
import { RuleBook } from './RuleBook';

const rules = new RuleBook();
const calendar = new WorkCalendar({ warnings: new CoverageWarnings(() => {}) });
const npcRule = rules.get('supervision.npc_suggestion.reply');
const petitionRule = rules.get('supervision.petition.complete');
const instructionRule = rules.get('supervision.leader_instruction.routine');

function request(overrides: Partial<ExtensionRequest> = {}): ExtensionRequest {
  return {
    amount: 3,
    requestedAt: parseInstant('2026-06-01T10:00'),
    approverRole: 'supervision_office',
    approvedBy: 'user-7',
    reason: '涉及面广、处理难度大',
    ...overrides,
  };
}

describe('applyExtension', () => {
  const npc = computeDeadline(npcRule, parseInstant('2026-03-31T10:00'), calendar);

  it('extends 人大代表建议 to 6 months from 交办 and keeps the original due date', () => {
    const extended = applyExtension(npc, npcRule, request(), calendar);
    expect(extended).toMatchObject({ dueDate: '2026-09-30', originalDueDate: '2026-06-30' });
    expect(extended.extensions).toEqual([
      {
        amount: 3,
        unit: 'month',
        requestedAt: '2026-06-01T02:00:00.000Z',
        approverRole: 'supervision_office',
        approvedBy: 'user-7',
        reason: '涉及面广、处理难度大',
        previousDueDate: '2026-06-30',
      },
    ]);
    expect(npc.extensions).toEqual([]);
  });

  it('recomputes an extended deadline from its stored inputs and extensions', () => {
    const extended = applyExtension(npc, npcRule, request(), calendar);
    const { deadline, changed } = recomputeDeadline(JSON.parse(JSON.stringify(extended)), calendar);
    expect(changed).toBe(false);
    expect([deadline.dueDate, deadline.originalDueDate]).toEqual(['2026-09-30', '2026-06-30']);
  });

  it('extends 信访 by up to 30 days with the approval of the organ head', () => {
    const petition = computeDeadline(petitionRule, parseInstant('2026-01-05T10:00'), calendar);
    const extended = applyExtension(
      petition,
      petitionRule,
      request({ amount: 30, approverRole: 'organ_head', requestedAt: parseInstant('2026-03-01T10:00') }),
      calendar,
    );
    expect([petition.dueDate, extended.dueDate]).toEqual(['2026-03-06', '2026-04-07']);
  });

  it('refuses a request after expiry', () => {
    expect(() =>
      applyExtension(npc, npcRule, request({ requestedAt: parseInstant('2026-07-01T00:00') }), calendar),
    ).toThrow(
      expect.objectContaining({ code: 'extension_after_expiry', messageZh: expect.stringMatching(/期限届满前/) }),
    );
    // 24:00 on the due date is already too late; a minute before is not.
    expect(() => applyExtension(npc, npcRule, request({ requestedAt: npc.dueAt }), calendar)).toThrow(
      expect.objectContaining({ code: 'extension_after_expiry' }),
    );
    const lastMinute = new Date(npc.dueAt.getTime() - 60_000);
    expect(applyExtension(npc, npcRule, request({ requestedAt: lastMinute }), calendar).dueDate).toBe('2026-09-30');
  });

  it('refuses more extensions than the policy allows', () => {
    const once = applyExtension(npc, npcRule, request({ amount: 1 }), calendar);
    expect(() => applyExtension(once, npcRule, request({ amount: 1 }), calendar)).toThrow(
      expect.objectContaining({ code: 'extension_count_exceeded' }),
    );
  });

  it('refuses more than the maximum per extension', () => {
    expect(() => applyExtension(npc, npcRule, request({ amount: 4 }), calendar)).toThrow(
      expect.objectContaining({ code: 'extension_amount_exceeded', messageZh: expect.stringMatching(/3个月/) }),
    );
  });

  it('refuses an extension past the absolute cap counted from the start', () => {
    const instruction = computeDeadline(instructionRule, parseInstant('2026-04-01T10:00'), calendar);
    const inTime = request({ amount: 15, requestedAt: parseInstant('2026-04-10T10:00') });
    // 15 + 15 days = 05-01, 劳动节 → 05-06; the 30-day cap rolls the same way, so it holds.
    expect(applyExtension(instruction, instructionRule, inTime, calendar).dueDate).toBe('2026-05-06');
    const tighter = {
      ...instructionRule,
      extension: {
        maxTimes: 1,
        maxAmount: 15,
        unit: 'day' as const,
        approverRole: 'supervision_office',
        requestBeforeExpiry: true,
        totalCap: { amount: 20, unit: 'day' as const },
      },
    };
    expect(() => applyExtension(instruction, tighter, inTime, calendar)).toThrow(
      expect.objectContaining({ code: 'extension_cap_exceeded', messageZh: expect.stringMatching(/最长20日/) }),
    );
  });

  it('refuses the wrong approver, a bad amount or unit, a missing reason', () => {
    expect(() => applyExtension(npc, npcRule, request({ approverRole: 'unit_head' }), calendar)).toThrow(
      expect.objectContaining({ code: 'extension_wrong_approver' }),
    );
    for (const bad of [{ amount: 0 }, { amount: 1.5 }, { unit: 'day' as const }, { reason: ' ' }]) {
      expect(() => applyExtension(npc, npcRule, request(bad), calendar)).toThrow(
        expect.objectContaining({ code: 'invalid_extension' }),
      );
    }
  });

  it('refuses rules without an extension policy, and a rule other than the deadline’s', () => {
    const monthly = rules.get('supervision.key_work.monthly_report');
    const report = computeDeadline(monthly, parseInstant('2026-01-15T10:00'), calendar);
    expect(() => applyExtension(report, monthly, request(), calendar)).toThrow(
      expect.objectContaining({ code: 'extension_not_allowed' }),
    );
    expect(() => applyExtension(npc, petitionRule, request(), calendar)).toThrow(
      expect.objectContaining({ code: 'rule_mismatch' }),
    );
  });
});

describe('extendExplicit', () => {
  const set = { dueDate: '2026-04-30', dueAt: parseInstant('2026-05-01T00:00'), extensions: [] };

  it('moves a date a person set by working days, over the 劳动节 holiday, to the end of the new day', () => {
    const extended = extendExplicit(set, request({ requestedAt: parseInstant('2026-04-20T10:00') }), calendar);
    // 05-01..05-05 are off and 05-09 (Sat) is a working day: 05-06, 05-07, 05-08 are the three.
    expect(extended.dueDate).toBe('2026-05-08');
    expect(extended.dueAt.toISOString()).toBe(parseInstant('2026-05-09T00:00').toISOString());
    expect(extended.extensions[0]).toMatchObject({ amount: 3, unit: 'workday', previousDueDate: '2026-04-30' });
  });

  it('refuses after expiry, a third time, more than 30 working days, or another approver', () => {
    const refused = (code: string, words: RegExp) =>
      expect.objectContaining({ code, messageZh: expect.stringMatching(words) });
    const late = request({ requestedAt: parseInstant('2026-05-01T09:00') });
    expect(() => extendExplicit(set, late, calendar)).toThrow(refused('extension_after_expiry', /期限届满前/));
    const early = { requestedAt: parseInstant('2026-04-01T10:00') };
    const once = extendExplicit(set, request(early), calendar);
    const twice = extendExplicit(once, request(early), calendar);
    expect(() => extendExplicit(twice, request(early), calendar)).toThrow(
      refused('extension_count_exceeded', /最多可延期2次/),
    );
    expect(() => extendExplicit(set, request({ ...early, amount: 31 }), calendar)).toThrow(
      refused('extension_amount_exceeded', /30个工作日/),
    );
    expect(() => extendExplicit(set, request({ ...early, approverRole: 'organ_head' }), calendar)).toThrow(
      refused('extension_wrong_approver', /督查室/),
    );
  });
});
