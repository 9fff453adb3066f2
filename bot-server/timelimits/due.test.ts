import { parseInstant, parseISODate, shanghaiInstant, WorkCalendar } from '../calendar';
import { chineseDate, countWorkdays, dueClockTime, dueDateOf } from './due';

const calendar = new WorkCalendar();
/** A deadline running to 24:00 of `dueDate`, as every rule-based and explicit deadline does. */
const endOf = (dueDate: string) => ({ dueDate, dueAt: shanghaiInstant(parseISODate(dueDate) + 1, 0) });
const at = (wall: string) => parseInstant(wall);

describe('how a deadline is written (whatever the host time zone)', () => {
  it('dates a 24:00 due instant by the day it closes, never the next day', () => {
    expect(dueDateOf(endOf('2026-11-27').dueAt)).toBe('2026-11-27');
    expect(dueDateOf(endOf('2026-12-31').dueAt)).toBe('2026-12-31');
    expect(dueDateOf(at('2026-11-27T17:30'))).toBe('2026-11-27');
    expect(dueDateOf(at('2026-11-27T00:00'))).toBe('2026-11-26');
  });

  it('writes the last day as 2026年11月27日, and the closing time only when it is not 24:00', () => {
    expect(chineseDate('2026-11-27')).toBe('2026年11月27日');
    expect(chineseDate('2027-01-05')).toBe('2027年1月5日');
    expect(dueClockTime('2026-11-27', endOf('2026-11-27').dueAt)).toBeNull();
    expect(dueClockTime('2026-11-27', at('2026-11-27T17:30'))).toBe('17:30');
    expect(() => chineseDate('2026-11-31')).toThrow('2026-11-31');
  });
});

describe('countWorkdays: the one count of working days left or overdue', () => {
  const count = (dueDate: string, now: string) => countWorkdays(endOf(dueDate), calendar, at(now));

  it('counts working days left after today, 0 on the due day itself', () => {
    expect(count('2026-11-27', '2026-11-20T10:00')).toEqual({ overdue: false, workdaysLeft: 5, workdaysOverdue: null });
    expect(count('2026-11-27', '2026-11-27T23:59')).toEqual({ overdue: false, workdaysLeft: 0, workdaysOverdue: null });
    // Friday 30 September → National Day: one working day left from the day before.
    expect(count('2026-09-30', '2026-09-29T09:00').workdaysLeft).toBe(1);
  });

  it('counts working days overdue after the due day: none over a weekend or a holiday, 调休 Saturdays count', () => {
    expect(count('2026-11-27', '2026-11-28T00:00')).toEqual({ overdue: true, workdaysLeft: null, workdaysOverdue: 0 });
    expect(count('2026-11-27', '2026-11-29T12:00').workdaysOverdue).toBe(0);
    expect(count('2026-11-27', '2026-11-30T08:30').workdaysOverdue).toBe(1);
    expect(count('2026-09-30', '2026-10-07T17:00').workdaysOverdue).toBe(0);
    expect(count('2026-09-30', '2026-10-08T08:30').workdaysOverdue).toBe(1);
    expect(count('2026-09-30', '2026-10-10T10:00').workdaysOverdue).toBe(3);
    expect(count('2026-09-30', '2026-10-11T10:00').workdaysOverdue).toBe(3);
  });

  it('counts a long-overdue deadline in full (170 working days, not the rung of a ladder)', () => {
    const now = calendar.addWorkdays('2026-03-02', 170).date;
    expect(count('2026-03-02', `${now}T09:00`).workdaysOverdue).toBe(170);
  });

  it('is overdue from the closing time on when the day ends at 17:30', () => {
    const deadline = { dueDate: '2026-11-27', dueAt: at('2026-11-27T17:30') };
    expect(countWorkdays(deadline, calendar, at('2026-11-27T17:29')).overdue).toBe(false);
    expect(countWorkdays(deadline, calendar, at('2026-11-27T17:30'))).toEqual({
      overdue: true,
      workdaysLeft: null,
      workdaysOverdue: 0,
    });
  });
});
