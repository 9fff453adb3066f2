import { AuditLog, CalendarOverride, Deadline, TimeLimitRule } from '../../entities';
import { CalendarError } from '../calendar';
import { createLogger } from '../logging/logger';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { createTestDeadline, deadlinesWithTestRule } from '../test-support/deadlines';
import { TimeLimitError } from '../timelimits';
import { DeadlineService } from './deadline-service';

const logger = createLogger('silent');
/** Friday 2026-02-27 at 17:00 in Shanghai. */
const FRIDAY_EVENING = new Date('2026-02-27T17:00:00+08:00');

describe.each(testDatabases())('DeadlineService on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let service: DeadlineService;

  beforeEach(async () => {
    service = await deadlinesWithTestRule(scratch.db, [Deadline, CalendarOverride, TimeLimitRule, AuditLog]);
  });

  const createDeadline = (receivedAt: Date, subjectId = 1) =>
    createTestDeadline(scratch.db, service, receivedAt, subjectId, { assigneeUserId: 'zhenglei', departmentId: '21' });

  it('stores a deadline with its inputs and calendar version', async () => {
    const row = await createDeadline(FRIDAY_EVENING);
    const stored = await scratch.db.getRepository(Deadline).findOneByOrFail({ id: row.id });
    expect(stored).toMatchObject({
      receivedDate: '2026-02-27',
      // 2026-02-28 is a make-up working Saturday (调休上班), so three working days end on Tuesday 03-03.
      dueDate: '2026-03-03',
      originalDueDate: '2026-03-03',
      calendarScope: 'office',
      status: 'open',
      approximate: false,
    });
    expect(stored.dueAt.toISOString()).toBe('2026-03-03T16:00:00.000Z');
    expect(stored.inputs).toMatchObject({ ruleCode: 'test.three_workdays', amount: 3, unit: 'workday' });
    expect(stored.calendarVersion).toBe(service.calendar().version);
  });

  it('moves open deadlines when a day off is added, audits old and new, and moves them back on removal', async () => {
    const affected = await createDeadline(FRIDAY_EVENING, 1);
    const later = await createDeadline(new Date('2026-03-10T09:00:00+08:00'), 2);
    const closed = await createDeadline(FRIDAY_EVENING, 3);
    await scratch.db.transaction((m) => service.close(m, closed.id, new Date('2026-03-02T10:00:00+08:00')));

    const result = await service.setOverride('qianwei', { date: '2026-03-02', kind: 'off', reason: '临时停电闭馆' });
    expect(result.recomputed).toEqual([
      {
        deadlineId: affected.id,
        oldDueAt: new Date('2026-03-03T16:00:00Z'),
        newDueAt: new Date('2026-03-04T16:00:00Z'),
      },
    ]);
    const byId = async (id: number) => scratch.db.getRepository(Deadline).findOneByOrFail({ id });
    expect((await byId(affected.id)).dueDate).toBe('2026-03-04');
    expect((await byId(later.id)).dueDate).toBe('2026-03-13');
    expect((await byId(closed.id)).dueDate).toBe('2026-03-03');
    expect(service.calendar().isWorkday('2026-03-02')).toBe(false);

    const audits = await scratch.db.getRepository(AuditLog).find({ order: { id: 'ASC' } });
    expect(audits.map((a) => a.action)).toEqual(['timelimit.rule.set', 'calendar.override.set', 'deadline.recomputed']);
    expect(audits[2]).toMatchObject({
      actor: 'system',
      subjectId: String(affected.id),
      before: { dueDate: '2026-03-03' },
      after: { dueDate: '2026-03-04' },
      reason: '日历调整：2026-03-02 临时停电闭馆',
    });

    // Another process (or a restart) sees the override too.
    const reloaded = await DeadlineService.load(() => scratch.db, logger);
    expect(reloaded.calendar().isWorkday('2026-03-02')).toBe(false);

    const removal = await service.removeOverride('qianwei', result.override.id, '恢复正常上班');
    expect(removal.recomputed.map((r) => r.deadlineId)).toEqual([affected.id]);
    expect((await byId(affected.id)).dueDate).toBe('2026-03-03');
    expect(service.calendar().isWorkday('2026-03-02')).toBe(true);
  });

  it('refuses a bad override and changes nothing', async () => {
    const row = await createDeadline(FRIDAY_EVENING);
    await expect(
      service.setOverride('qianwei', { date: '2026-02-30', kind: 'off', reason: '无效日期' }),
    ).rejects.toThrow(CalendarError);
    await expect(service.setOverride('qianwei', { date: '2026-03-02', kind: 'off', reason: '  ' })).rejects.toThrow(
      CalendarError,
    );
    expect(await scratch.db.getRepository(CalendarOverride).count()).toBe(0);
    expect(await scratch.db.getRepository(AuditLog).countBy({ action: 'calendar.override.set' })).toBe(0);
    expect((await scratch.db.getRepository(Deadline).findOneByOrFail({ id: row.id })).dueDate).toBe('2026-03-03');
  });

  it('closes a deadline as met on time or late', async () => {
    const onTime = await createDeadline(FRIDAY_EVENING, 1);
    const late = await createDeadline(FRIDAY_EVENING, 2);
    await scratch.db.transaction((m) => service.close(m, onTime.id, new Date('2026-03-03T23:59:00+08:00')));
    await scratch.db.transaction((m) => service.close(m, late.id, new Date('2026-03-04T00:00:01+08:00')));
    expect(await scratch.db.getRepository(Deadline).findOneByOrFail({ id: onTime.id })).toMatchObject({
      metOnTime: true,
    });
    expect(await scratch.db.getRepository(Deadline).findOneByOrFail({ id: late.id })).toMatchObject({
      metOnTime: false,
    });
  });

  it('refuses an unknown rule and an invalid rule definition', async () => {
    await expect(service.preview('no.such.rule', FRIDAY_EVENING)).rejects.toThrow(TimeLimitError);
    await expect(
      service.setRule('qianwei', 'test.bad', { name: '坏规则', amount: -1, unit: 'workday' }),
    ).rejects.toThrow(TimeLimitError);
    expect(await scratch.db.getRepository(TimeLimitRule).countBy({ code: 'test.bad' })).toBe(0);
  });

  it('extends a deadline under the rule policy, keeping the original, and refuses one after expiry', async () => {
    const row = await scratch.db.transaction((m) =>
      service.create(m, {
        subjectType: 'matter',
        subjectId: 9,
        purpose: 'complete',
        ruleCode: 'supervision.meeting_decision',
        receivedAt: new Date('2026-03-02T10:00:00+08:00'),
      }),
    );
    expect(row.dueDate).toBe('2026-03-23'); // 20 days from 03-02: Sunday 03-22 rolls to Monday 03-23
    const extended = await scratch.db.transaction((m) =>
      service.extend(m, row.id, {
        amount: 10,
        requestedAt: new Date('2026-03-20T10:00:00+08:00'),
        approverRole: 'supervision_office',
        approvedBy: 'sunli',
        reason: '需协调多部门',
      }),
    );
    expect(extended).toMatchObject({ dueDate: '2026-04-01', originalDueDate: '2026-03-23' });
    expect(await scratch.db.getRepository(AuditLog).findOneByOrFail({ action: 'deadline.extended' })).toMatchObject({
      actor: 'sunli',
      before: { dueDate: '2026-03-23' },
      after: { dueDate: '2026-04-01' },
    });
    await expect(
      scratch.db.transaction((m) =>
        service.extend(m, row.id, {
          amount: 5,
          requestedAt: new Date('2026-04-03T10:00:00+08:00'),
          approverRole: 'supervision_office',
          approvedBy: 'sunli',
          reason: '再次延期',
        }),
      ),
    ).rejects.toThrow(TimeLimitError);
    expect((await scratch.db.getRepository(Deadline).findOneByOrFail({ id: row.id })).dueDate).toBe('2026-04-01');
  });
});
