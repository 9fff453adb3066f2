import { defaultCalendar, formatShanghaiInstant, parseInstant } from '../calendar';
import { DEFAULT_OFFICE_HOURS, isWithinOfficeHours, nextOfficeInstant, parseOfficeHours } from './office-hours';
import { DEFAULT_POLICY, overridesFromRuleRows, PolicyBook, type ReminderPolicy } from './policy';
import { type DeadlineFacts, planStep, type ReminderPoint, reminderPoints } from './schedule';

const calendar = defaultCalendar();
const hours = DEFAULT_OFFICE_HOURS;
const at = (text: string) => parseInstant(text);
const wall = (d: Date) => formatShanghaiInstant(d).slice(0, 16);
const show = (p: ReminderPoint) => `${wall(p.at)} ${p.kind}${p.overdueDays ? ` ${p.overdueDays}` : ''} ${p.audience}`;

/** Due Tuesday 2026-03-03 at 24:00, received Friday 02-27; warnings as the time-limit engine stores them. */
const facts = (overrides: Partial<DeadlineFacts> = {}): DeadlineFacts => ({
  id: 7,
  receivedAt: at('2026-02-27T17:00'),
  dueDate: '2026-03-03',
  dueAt: at('2026-03-04T00:00'),
  warnings: [
    { kind: 'workdays_before', at: at('2026-03-02T03:00').toISOString(), label: '截止前1个工作日' },
    { kind: 'span_fraction', at: at('2026-03-03T19:00').toISOString(), label: '时限已过75%' },
  ],
  urgent: false,
  ...overrides,
});

function first(n: number, f: DeadlineFacts, policy: ReminderPolicy = DEFAULT_POLICY): string[] {
  const out: string[] = [];
  for (const point of reminderPoints(f, { policy, calendar, hours })) {
    out.push(show(point));
    if (out.length >= n) break;
  }
  return out;
}

describe('office hours', () => {
  it('parses HH:mm-HH:mm and refuses nonsense', () => {
    expect(parseOfficeHours('09:00-17:30')).toEqual({ openMinutes: 540, closeMinutes: 1050 });
    expect(() => parseOfficeHours('18:00-08:30')).toThrow(RangeError);
    expect(() => parseOfficeHours('8:30-18:00')).toThrow(RangeError);
  });

  it.each([
    ['2026-03-02T03:00', '2026-03-02 08:30'], // before opening on a working day
    ['2026-03-02T10:15', '2026-03-02 10:15'], // inside
    ['2026-03-02T18:00', '2026-03-03 08:30'], // closing is exclusive
    ['2026-03-07T10:00', '2026-03-09 08:30'], // Saturday
    ['2026-10-01T09:00', '2026-10-08 08:30'], // National Day
    ['2026-02-28T07:00', '2026-02-28 08:30'], // a make-up working Saturday (调休上班)
  ])('a message due at %s may go out at %s', (instant, expected) => {
    expect(wall(nextOfficeInstant(at(instant), calendar, hours)).replace('T', ' ')).toBe(expected);
  });

  it('says whether an instant is inside', () => {
    expect(isWithinOfficeHours(at('2026-03-02T08:30'), calendar, hours)).toBe(true);
    expect(isWithinOfficeHours(at('2026-03-02T08:29'), calendar, hours)).toBe(false);
    expect(isWithinOfficeHours(at('2026-10-02T10:00'), calendar, hours)).toBe(false);
  });
});

describe('reminder points', () => {
  it('moves warnings into office hours, drops one that would land on the due day, then goes overdue up the ladder', () => {
    expect(first(12, facts())).toEqual([
      '2026-03-02T08:30 warning assignee', // 03:00 → opening
      '2026-03-03T08:30 due assignee', // the 75% point at 19:00 would move past the due-day notice: dropped
      '2026-03-04T08:30 overdue 1 assignee',
      '2026-03-05T08:30 overdue 2 assignee',
      '2026-03-05T08:30 escalation 2 unit_head',
      '2026-03-06T08:30 overdue 3 assignee',
      '2026-03-09T08:30 overdue 4 assignee', // the weekend is skipped
      '2026-03-10T08:30 overdue 5 assignee',
      '2026-03-10T08:30 escalation 5 leader',
      '2026-03-11T08:30 overdue 6 assignee',
      '2026-03-12T08:30 overdue 7 assignee',
      '2026-03-13T08:30 overdue 8 assignee',
    ]);
  });

  it('keeps urgent warnings at their instant, outside office hours too', () => {
    expect(first(2, facts({ urgent: true }))).toEqual([
      '2026-03-02T03:00 warning assignee',
      '2026-03-03T08:30 due assignee',
    ]);
  });

  it('sends the due-day notice on the working day before a due day that is a holiday', () => {
    const f = facts({ dueDate: '2026-10-03', dueAt: at('2026-10-04T00:00'), warnings: null });
    expect(first(2, f)).toEqual(['2026-09-30T08:30 due assignee', '2026-10-08T08:30 overdue 1 assignee']);
  });

  it('follows the policy: every other day, a cap, no leader', () => {
    const policy = { ...DEFAULT_POLICY, overdueEvery: 2, overdueMax: 2, leaderAfter: null, warnings: false };
    expect(first(10, facts(), policy)).toEqual([
      '2026-03-03T08:30 due assignee',
      '2026-03-04T08:30 overdue 1 assignee',
      '2026-03-05T08:30 escalation 2 unit_head',
      '2026-03-06T08:30 overdue 3 assignee',
    ]);
  });

  it('has identifying keys that change when the due date moves', () => {
    const points = reminderPoints(facts(), { policy: DEFAULT_POLICY, calendar, hours });
    expect(points.next().value?.key).toBe('dl:7:warn:2026-03-03:2026-03-02T08:30');
    expect(points.next().value?.key).toBe('dl:7:due:2026-03-03');
    expect(points.next().value?.key).toBe('dl:7:overdue:2026-03-03:1');
  });
});

describe('a planning step', () => {
  const context = { policy: DEFAULT_POLICY, calendar, hours };

  it('sends nothing before the first point and says when that is', () => {
    const step = planStep(facts(), context, null, at('2026-03-02T03:00'));
    expect(step.send).toEqual([]);
    expect(wall(step.next?.at as Date)).toBe('2026-03-02T08:30');
  });

  it('sends only the latest point to the person responsible after a gap, and every escalation reached', () => {
    const step = planStep(facts(), context, at('2026-03-02T08:30'), at('2026-03-10T11:00'));
    expect(step.send.map(show)).toEqual([
      '2026-03-05T08:30 escalation 2 unit_head',
      '2026-03-10T08:30 overdue 5 assignee',
      '2026-03-10T08:30 escalation 5 leader',
    ]);
    expect(step.skipped.map(show)).toContain('2026-03-03T08:30 due assignee');
    expect(wall(step.next?.at as Date)).toBe('2026-03-11T08:30');
  });

  it('does not say "due today" once the deadline has passed: the overdue notice takes over', () => {
    const step = planStep(facts(), context, at('2026-03-02T08:30'), at('2026-03-04T07:00'));
    expect(step.send).toEqual([]);
    expect(step.skipped.map(show)).toEqual(['2026-03-03T08:30 due assignee']);
    expect(step.next && show(step.next)).toBe('2026-03-04T08:30 overdue 1 assignee');
  });

  it('replans from the deadline as it is now: an extension moves every later point', () => {
    const extended = facts({ dueDate: '2026-03-06', dueAt: at('2026-03-07T00:00'), warnings: null });
    // The 03-02 warning was handled; at 03-03 08:30 (the old due-day notice) nothing is due any more.
    const step = planStep(extended, context, at('2026-03-02T08:30'), at('2026-03-03T08:30'));
    expect(step.send).toEqual([]);
    expect(step.next?.key).toBe('dl:7:due:2026-03-06');
  });

  it('starts an old overdue deadline near where it was, not at day one', () => {
    const old = facts({ dueDate: '2026-01-05', dueAt: at('2026-01-06T00:00'), warnings: null });
    const step = planStep(old, context, at('2026-03-09T08:30'), at('2026-03-10T09:00'));
    expect(step.send.map(show)).toEqual(['2026-03-10T08:30 overdue 42 assignee']);
  });
});

describe('reminder policies', () => {
  it('layers defaults, subject type, urgency variant and the administrator’s override', () => {
    const book = new PolicyBook(
      overridesFromRuleRows([{ code: 'doc.incoming.submit.urgent', definition: { reminders: { leaderAfter: null } } }]),
    );
    expect(book.policyFor('doc.incoming.submit.routine', 'document_step')).toEqual(DEFAULT_POLICY);
    expect(book.policyFor('doc.incoming.submit.urgent', 'document_step')).toMatchObject({
      unitHeadAfter: 1,
      leaderAfter: null,
    });
    expect(book.policyFor('doc.outgoing.sign.extra_urgent', 'document_step')).toMatchObject({ urgent: true });
    expect(book.policyFor(null, 'meeting_attendee')).toMatchObject({
      overdueEvery: 0,
      unitHeadAfter: null,
      urgent: true,
    });
  });

  it('reports an invalid override and keeps the defaults', () => {
    const warnings: string[] = [];
    const overrides = overridesFromRuleRows(
      [{ code: 'x.y', definition: { reminders: { unitHeadAfter: 0, loud: true } } }],
      (w) => warnings.push(`${w.ruleCode}: ${w.problem}`),
    );
    expect(overrides.size).toBe(0);
    expect(warnings[0]).toMatch(/^x\.y: /);
  });
});
