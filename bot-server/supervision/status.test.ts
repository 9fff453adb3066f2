import { defaultCalendar } from '../calendar';
import { parseSheetDate } from './import';
import { classify } from './status';

const t = (text: string) => new Date(`${text}+08:00`);
/** Due on Friday 2026-03-13 (24:00 Shanghai), extended or not. */
const open = (extended = false) => ({
  status: 'in_progress' as const,
  completedAt: null,
  dueAt: t('2026-03-14T00:00:00'),
  dueDate: '2026-03-13',
  originalDueAt: t('2026-03-14T00:00:00'),
  extended,
});

describe('status at a glance and the traffic light', () => {
  const calendar = defaultCalendar();

  it('tells not yet due, due soon, extended and overdue apart by working days', () => {
    expect(classify(open(), t('2026-03-06T10:00:00'), calendar)).toEqual({
      timeliness: 'not_due',
      light: 'blue',
      workdaysLeft: 5,
    });
    expect(classify(open(), t('2026-03-10T10:00:00'), calendar)).toEqual({
      timeliness: 'due_soon',
      light: 'yellow',
      workdaysLeft: 3,
    });
    expect(classify(open(), t('2026-03-13T23:59:00'), calendar)).toMatchObject({
      timeliness: 'due_soon',
      workdaysLeft: 0,
    });
    expect(classify(open(true), t('2026-03-06T10:00:00'), calendar)).toMatchObject({
      timeliness: 'extended',
      light: 'yellow',
    });
    expect(classify(open(), t('2026-03-14T00:00:00'), calendar)).toEqual({
      timeliness: 'overdue',
      light: 'red',
      workdaysLeft: null,
      workdaysOverdue: 0,
    });
    // Friday's deadline, the next Tuesday: two working days overdue, counted as every other page counts them.
    expect(classify(open(), t('2026-03-17T10:00:00'), calendar).workdaysOverdue).toBe(2);
  });

  it('judges completion against the original due instant, whatever the extension', () => {
    const done = (completedAt: Date) => ({
      ...open(true),
      status: 'completed' as const,
      completedAt,
      dueAt: t('2026-03-21T00:00:00'),
      dueDate: '2026-03-20',
    });
    expect(classify(done(t('2026-03-13T18:00:00')), t('2026-04-01T10:00:00'), calendar).timeliness).toBe(
      'completed_on_time',
    );
    expect(classify(done(t('2026-03-16T18:00:00')), t('2026-04-01T10:00:00'), calendar)).toMatchObject({
      timeliness: 'completed_late',
      light: 'yellow',
    });
  });

  it('shows a due date outside the calendar (a bad stored row) without a count, judged by its instant', () => {
    const farOff = (extended: boolean) => ({
      ...open(extended),
      dueAt: new Date('9999-12-31T16:00:00Z'),
      dueDate: '9999-12-31',
      originalDueAt: new Date('9999-12-31T16:00:00Z'),
    });
    expect(classify(farOff(false), t('2026-03-06T10:00:00'), calendar)).toEqual({
      timeliness: 'not_due',
      light: 'blue',
      workdaysLeft: null,
      outsideCalendar: true,
    });
    expect(classify(farOff(true), t('2026-03-06T10:00:00'), calendar)).toEqual({
      timeliness: 'extended',
      light: 'yellow',
      workdaysLeft: null,
      outsideCalendar: true,
    });
  });

  it('reads the dates people type in a sheet', () => {
    expect(['2026-03-02', '2026/3/2', '2026.3.2', '2026年3月2日'].map(parseSheetDate)).toEqual(
      Array(4).fill('2026-03-02'),
    );
    expect(parseSheetDate('2026-02-30')).toBeNull();
    expect(parseSheetDate('下周一')).toBeNull();
  });
});
