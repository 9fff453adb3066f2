import { CalendarRegistry } from '../calendar/CalendarRegistry';
import { formatShanghaiInstant, parseInstant } from '../calendar/civil-date';
import { CoverageWarnings } from '../calendar/coverage-warnings';
import { WorkCalendar } from '../calendar/WorkCalendar';
import { computeDeadline, type Deadline, recomputeDeadline, selectDeadlinesToRecompute } from './deadline';
import { RuleBook } from './RuleBook';
import type { TimeLimitRule } from './rule';

const rules = new RuleBook();
const calendar = new WorkCalendar({ warnings: new CoverageWarnings(() => {}) });
const at = parseInstant;

function rule(overrides: Partial<TimeLimitRule>): TimeLimitRule {
  return {
    code: 'test.rule',
    name: '测试',
    amount: 2,
    unit: 'workday',
    anchor: '收文之日',
    source: { basis: 'office_default', citation: 'test' },
    ...overrides,
  };
}

describe('computeDeadline: working days', () => {
  it('received Fri 2026-02-13 17:00 with 2 working days is due at the end of 2026-02-24', () => {
    const deadline = computeDeadline(rules.get('doc.incoming.submit.routine'), at('2026-02-13T17:00+08:00'), calendar);
    expect(deadline.dueDate).toBe('2026-02-24');
    expect(deadline.dueAt.toISOString()).toBe('2026-02-24T16:00:00.000Z');
    expect(formatShanghaiInstant(deadline.dueAt)).toBe('2026-02-25T00:00:00+08:00');
    expect(deadline.approximate).toBe(false);
    expect(deadline.calendarVersion).toBe(calendar.version);
    expect(deadline.originalDueDate).toBe('2026-02-24');
  });

  it('does not care about the hour of receipt: the receipt day is never counted (民法典第二百零一条)', () => {
    const morning = computeDeadline(rule({}), at('2026-02-13T09:00+08:00'), calendar);
    const lateNight = computeDeadline(rule({}), at('2026-02-13T23:59:59+08:00'), calendar);
    expect([morning.dueDate, lateNight.dueDate]).toEqual(['2026-02-24', '2026-02-24']);
  });

  it('takes the Shanghai date of the instant, not the UTC or host date', () => {
    // 2026-02-12T16:30Z is already Friday 00:30 in Shanghai.
    expect(computeDeadline(rule({}), new Date('2026-02-12T16:30:00Z'), calendar).inputs.receivedDate).toBe(
      '2026-02-13',
    );
  });

  it('counts the receipt day when the rule says 当日受理当日计', () => {
    const sameDay = rule({ amount: 1, countReceiptDay: true });
    expect(computeDeadline(sameDay, at('2026-02-13T17:00+08:00'), calendar).dueDate).toBe('2026-02-13');
    expect(computeDeadline(sameDay, at('2026-02-15T10:00+08:00'), calendar).dueDate).toBe('2026-02-24');
  });

  it('ends at the closing time when the office has one (民法典第二百零三条)', () => {
    const deadline = computeDeadline(rule({ endOfDay: '17:30' }), at('2026-02-13T17:00+08:00'), calendar);
    expect(formatShanghaiInstant(deadline.dueAt)).toBe('2026-02-24T17:30:00+08:00');
  });
});

describe('computeDeadline: calendar days and months', () => {
  it('moves a last day that is not a working day to the next working day', () => {
    const fifteenDays = rule({ amount: 15, unit: 'day' });
    expect(computeDeadline(fifteenDays, at('2025-09-20T10:00'), calendar).dueDate).toBe('2025-10-09');
    const noRoll = rule({ amount: 15, unit: 'day', rollForward: false });
    expect(computeDeadline(noRoll, at('2025-09-20T10:00'), calendar).dueDate).toBe('2025-10-05');
  });

  it('answers 人大代表建议 in 3 calendar months from 交办, on the corresponding day or the month end', () => {
    const npc = rules.get('supervision.npc_suggestion.reply');
    expect(computeDeadline(npc, at('2026-03-31T10:00'), calendar).dueDate).toBe('2026-06-30');
    // 2026-03-20 + 3 months = Saturday 06-20 → 端午 to 06-21 → Monday 06-22.
    expect(computeDeadline(npc, at('2026-03-20T10:00'), calendar).dueDate).toBe('2026-06-22');
  });

  it('due monthly reports on the 5th of the following month, moved off the National Day holiday', () => {
    const monthly = rules.get('supervision.key_work.monthly_report');
    expect(computeDeadline(monthly, at('2026-01-31T18:00'), calendar).dueDate).toBe('2026-02-05');
    expect(computeDeadline(monthly, at('2025-09-15T18:00'), calendar).dueDate).toBe('2025-10-09');
  });

  it('gives 信访 60 days from acceptance', () => {
    const petition = rules.get('supervision.petition.complete');
    expect(computeDeadline(petition, at('2026-01-05T10:00'), calendar).dueDate).toBe('2026-03-06');
  });
});

describe('computeDeadline: warnings', () => {
  it('warns 1 working day before (09:00) and at 75% of the span, skipping days off', () => {
    const deadline = computeDeadline(rules.get('doc.incoming.submit.routine'), at('2026-02-13T17:00+08:00'), calendar);
    expect(
      deadline.warnings.map((warning) => [warning.kind, formatShanghaiInstant(warning.at), warning.label]),
    ).toEqual([
      ['workdays_before', '2026-02-14T09:00:00+08:00', '截止前1个工作日'],
      ['span_fraction', '2026-02-24T09:00:00+08:00', '时限已过75%'],
    ]);
  });

  it('drops a warning that would come before receipt', () => {
    const deadline = computeDeadline(
      rule({ amount: 1, warnings: [{ kind: 'workdays_before', workdays: 1 }] }),
      at('2026-02-24T10:00+08:00'),
      calendar,
    );
    expect(deadline.warnings).toEqual([]);
  });
});

describe('computeDeadline: beyond the official data', () => {
  it('flags approximate and warns once for the year', () => {
    const warnings: number[] = [];
    const local = new WorkCalendar({ warnings: new CoverageWarnings((w) => warnings.push(w.year)) });
    const deadline = computeDeadline(rule({ amount: 5 }), at('2026-12-28T10:00'), local);
    // 2027-01-01 is 元旦 by rule (time-limits.md §2.5).
    expect(deadline).toMatchObject({ dueDate: '2027-01-05', approximate: true });
    computeDeadline(rule({ amount: 5 }), at('2027-03-01T10:00'), local);
    expect(warnings).toEqual([2027]);
  });

  it('refuses in strict mode', () => {
    expect(() => computeDeadline(rule({ amount: 5 }), at('2026-12-28T10:00'), calendar, { strict: true })).toThrow(
      expect.objectContaining({ code: 'outside_coverage' }),
    );
  });

  it('rejects an invalid receipt instant', () => {
    expect(() => computeDeadline(rule({}), new Date(Number.NaN), calendar)).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('recomputation', () => {
  it('keeps JSON-safe inputs that recompute to the same deadline', () => {
    const deadline = computeDeadline(rules.get('supervision.petition.complete'), at('2026-01-05T10:00'), calendar);
    const stored = JSON.parse(JSON.stringify(deadline));
    expect(stored.inputs).toEqual(deadline.inputs);
    expect(stored.inputs).toMatchObject({
      ruleCode: 'supervision.petition.complete',
      amount: 60,
      unit: 'day',
      receivedAt: '2026-01-05T02:00:00.000Z',
      receivedDate: '2026-01-05',
    });
    const { deadline: again, changed } = recomputeDeadline(stored, calendar);
    expect(changed).toBe(false);
    expect(again.dueAt).toEqual(deadline.dueAt);
  });

  it('moves a deadline after an override and says so', () => {
    const registry = new CalendarRegistry({ onWarning: () => {} });
    const deadline = computeDeadline(rule({ amount: 3 }), at('2026-02-27T15:00'), registry.calendar());
    expect(deadline.dueDate).toBe('2026-03-03');
    const changes = registry.setOverrides([{ date: '2026-03-02', kind: 'off', reason: '停电' }]);
    const { deadline: moved, changed } = recomputeDeadline(deadline, registry.calendar());
    expect(changed).toBe(true);
    expect(moved.dueDate).toBe('2026-03-04');
    expect(moved.calendarVersion).not.toBe(deadline.calendarVersion);
    expect(selectDeadlinesToRecompute([deadline], changes)).toEqual([deadline]);
  });

  it('selects only the deadlines a change can move', () => {
    const make = (received: string, scope = 'office'): Deadline => {
      const local = new CalendarRegistry({ onWarning: () => {} }).calendar(scope);
      return computeDeadline(rule({ amount: 3 }), at(received), local);
    };
    const before = make('2026-02-20T10:00');
    const spanning = make('2026-02-27T10:00');
    const otherUnit = make('2026-02-27T10:00', 'unit-7');
    const approximate = make('2026-12-30T10:00');
    const change = [{ scope: 'unit-42', dates: ['2026-03-02'], coverageChanged: false }];
    expect(selectDeadlinesToRecompute([before, spanning, otherUnit], change)).toEqual([]);
    const officeChange = [{ scope: 'office', dates: ['2026-03-02'], coverageChanged: false }];
    expect(selectDeadlinesToRecompute([before, spanning, otherUnit, approximate], officeChange)).toEqual([
      spanning,
      otherUnit,
    ]);
    const newYear = [{ scope: null, dates: ['2027-01-01'], coverageChanged: true }];
    expect(selectDeadlinesToRecompute([before, spanning, approximate], newYear)).toEqual([approximate]);
  });
});
