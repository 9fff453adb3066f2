import { AuditLog, CalendarOverride, Deadline, HolidayNotice, TimeLimitRule } from '../../entities';
import { CalendarError } from '../calendar';
import { createLogger } from '../logging/logger';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { createTestDeadline, deadlinesWithTestRule } from '../test-support/deadlines';
import sample from '../test-support/sample-2027-notice.json';
import { DeadlineService } from './deadline-service';
import { timingOf } from './timing';

const logger = createLogger('silent');

/** A 2027 notice as the State Council might publish it (test data, not the real notice); 2027-02-20 is worked. */
const sample2027Notice = () => structuredClone(sample);

describe.each(testDatabases())('loading a holiday notice on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let service: DeadlineService;

  beforeEach(async () => {
    service = await deadlinesWithTestRule(scratch.db, [
      Deadline,
      CalendarOverride,
      TimeLimitRule,
      AuditLog,
      HolidayNotice,
    ]);
  });

  const createDeadline = (receivedAt: Date, subjectId: number) =>
    createTestDeadline(scratch.db, service, receivedAt, subjectId);
  const byId = (id: number) => scratch.db.getRepository(Deadline).findOneByOrFail({ id });

  it('turns an estimated year into official data and moves the open deadlines spanning it', async () => {
    expect(service.calendar().describe('2027-01-01')).toMatchObject({ workday: false, approximate: true });
    expect(service.calendar().isWorkday('2027-02-20')).toBe(false);
    // Thursday 2027-02-18: by rule Fri 19, Mon 22, Tue 23; with the notice Fri 19, Sat 20 (调休), Mon 22.
    const open = await createDeadline(new Date('2027-02-18T10:00:00+08:00'), 1);
    const closed = await createDeadline(new Date('2027-02-18T10:00:00+08:00'), 2);
    await scratch.db.transaction((m) => service.close(m, closed.id, new Date('2027-02-19T10:00:00+08:00')));
    const covered = await createDeadline(new Date('2026-03-10T09:00:00+08:00'), 3);
    expect(await byId(open.id)).toMatchObject({ dueDate: '2027-02-23', approximate: true });
    const now = new Date('2027-02-18T12:00:00+08:00');
    expect(timingOf(service, await byId(open.id), now)).toMatchObject({ dueDate: '2027-02-23', estimated: true });
    expect(timingOf(service, await byId(covered.id), now)).not.toHaveProperty('estimated');

    const report = await service.loadHolidayNotice('qianwei', sample2027Notice());
    expect(report.year).toBe(2027);
    expect(report.recomputed).toEqual([
      { deadlineId: open.id, oldDueAt: new Date('2027-02-23T16:00:00Z'), newDueAt: new Date('2027-02-22T16:00:00Z') },
    ]);
    expect(await byId(open.id)).toMatchObject({ dueDate: '2027-02-22', approximate: false });
    expect(timingOf(service, await byId(open.id), now)).not.toHaveProperty('estimated');
    expect(await byId(closed.id)).toMatchObject({ dueDate: '2027-02-23', approximate: true });
    expect((await byId(covered.id)).dueDate).toBe('2026-03-13');
    expect(service.calendar().describe('2027-02-20')).toMatchObject({
      workday: true,
      label: '调休上班 春节',
      approximate: false,
    });
    // The notice decides: 清明 by rule is gone from this (partial) sample.
    expect(service.calendar().describe('2027-04-05')).toMatchObject({ workday: true, approximate: false });

    const audits = await scratch.db.getRepository(AuditLog).find({ order: { id: 'ASC' } });
    expect(audits.map((a) => a.action)).toEqual([
      'timelimit.rule.set',
      'calendar.notice.loaded',
      'deadline.recomputed',
    ]);
    expect(audits[2]?.reason).toBe('2027年节假日安排（国办发明电〔2026〕99号）');

    // A restart reads the notice back, and a later override keeps it.
    const reloaded = await DeadlineService.load(() => scratch.db, logger);
    expect(reloaded.calendar().coverage).toEqual({ firstYear: 2020, lastYear: 2027 });
    await reloaded.setOverride('qianwei', { date: '2027-03-01', kind: 'off', reason: '临时闭馆' });
    expect(reloaded.calendar().isWorkday('2027-02-20')).toBe(true);
  });

  it('replaces a loaded year when a corrected notice is loaded again', async () => {
    await service.loadHolidayNotice('qianwei', sample2027Notice());
    const corrected = sample2027Notice();
    corrected.holidays[1] = { ...corrected.holidays[1], work: ['2027-02-13'] } as (typeof corrected.holidays)[1];
    const report = await service.loadHolidayNotice('qianwei', corrected);
    expect(report.changes).toEqual([{ scope: null, dates: ['2027-02-13', '2027-02-20'], coverageChanged: false }]);
    expect(await scratch.db.getRepository(HolidayNotice).count()).toBe(1);
    expect(service.calendar().isWorkday('2027-02-13')).toBe(true);
  });

  it.each([
    ['a make-up day that is not a weekend', { work: ['2027-02-15'] }, /not a Saturday or Sunday/],
    ['a day listed twice', { off: ['2027-02-05', '2027-02-05'] }, /listed more than once/],
    ['a day outside the year', { off: ['2028-02-05'] }, /listed under 2027/],
  ])('refuses %s and changes nothing', async (_, change, message) => {
    const notice = sample2027Notice();
    notice.holidays[1] = { ...notice.holidays[1], ...change } as (typeof notice.holidays)[1];
    const open = await createDeadline(new Date('2027-02-18T10:00:00+08:00'), 1);
    const refusal = service.loadHolidayNotice('qianwei', notice);
    await expect(refusal).rejects.toThrow(CalendarError);
    await expect(refusal).rejects.toThrow(message);
    expect(await scratch.db.getRepository(HolidayNotice).count()).toBe(0);
    expect(await byId(open.id)).toMatchObject({ dueDate: '2027-02-23', approximate: true });
    expect(service.calendar().coverage.lastYear).toBe(2026);
  });

  it('refuses a year that leaves a gap after the data', async () => {
    const notice = { ...sample2027Notice(), year: 2028, holidays: [{ name: '元旦', off: ['2028-01-01'], work: [] }] };
    await expect(service.loadHolidayNotice('qianwei', notice)).rejects.toThrow(/contiguous/);
    expect(await scratch.db.getRepository(HolidayNotice).count()).toBe(0);
  });
});
