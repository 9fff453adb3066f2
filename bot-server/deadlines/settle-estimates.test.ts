import { AuditLog, CalendarOverride, Deadline, HolidayNotice, TimeLimitRule } from '../../entities';
import { createLogger } from '../logging/logger';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { createTestDeadline, deadlinesWithTestRule } from '../test-support/deadlines';
import sample from '../test-support/sample-2027-notice.json';
import { DeadlineService } from './deadline-service';

/**
 * Issue 15 (2027): a notice loaded while the service runs — by the command line, another process — or shipped with an
 * upgrade settles the estimates at the service's next start: the open deadlines resting on the estimated year are
 * recomputed and audited, once.
 */
describe.each(testDatabases())('settling estimates at start-up on $name', (target) => {
  const scratch = useScratchDatabase(target);

  it('recomputes the estimated deadlines a notice stored since covers, and nothing the second time', async () => {
    const running = await deadlinesWithTestRule(scratch.db, [
      Deadline,
      CalendarOverride,
      TimeLimitRule,
      AuditLog,
      HolidayNotice,
    ]);
    // Thursday 2027-02-18: by rule due Tue 23; the sample notice makes Sat 20 a working day (due Mon 22).
    const estimated = await createTestDeadline(scratch.db, running, new Date('2027-02-18T10:00:00+08:00'), 1);
    const covered = await createTestDeadline(scratch.db, running, new Date('2026-03-10T09:00:00+08:00'), 2);
    const byId = (id: number) => scratch.db.getRepository(Deadline).findOneByOrFail({ id });
    expect(await byId(estimated.id)).toMatchObject({ dueDate: '2027-02-23', approximate: true });
    // Another process stores the notice (as `duban calendar load-notice` does); this one has not read it.
    await scratch.db
      .getRepository(HolidayNotice)
      .insert({ year: 2027, data: structuredClone(sample), loadedBy: 'qianwei' });
    expect(await running.settleEstimates()).toEqual([]);

    const restarted = await DeadlineService.load(() => scratch.db, createLogger('silent'));
    const moved = await restarted.settleEstimates();
    expect(moved).toEqual([
      {
        deadlineId: estimated.id,
        oldDueAt: new Date('2027-02-23T16:00:00Z'),
        newDueAt: new Date('2027-02-22T16:00:00Z'),
      },
    ]);
    expect(await byId(estimated.id)).toMatchObject({ dueDate: '2027-02-22', approximate: false });
    expect((await byId(covered.id)).dueDate).toBe('2026-03-13');
    const audits = await scratch.db.getRepository(AuditLog).findBy({ action: 'deadline.recomputed' });
    expect(audits).toEqual([
      expect.objectContaining({ subjectId: String(estimated.id), reason: '节假日数据已更新，预计时限按正式安排重算' }),
    ]);
    // Once settled, a later start finds nothing to do.
    expect(await (await DeadlineService.load(() => scratch.db, createLogger('silent'))).settleEstimates()).toEqual([]);
    expect(await scratch.db.getRepository(AuditLog).countBy({ action: 'deadline.recomputed' })).toBe(1);
  });

  it('leaves an estimate no notice covers as it is at every start, without writing it again', async () => {
    const service = await DeadlineService.load(() => scratch.db, createLogger('silent'));
    // 2028 has no notice: the deadline stays an estimate, and each start looks at it again.
    const estimate = await createTestDeadline(scratch.db, service, new Date('2028-03-08T10:00:00+08:00'), 3);
    const stamp = '2001-01-01 00:00:00';
    await scratch.db.query('UPDATE deadline SET updated_at = ? WHERE id = ?', [stamp, estimate.id]);
    for (let start = 0; start < 2; start++) {
      expect(await (await DeadlineService.load(() => scratch.db, createLogger('silent'))).settleEstimates()).toEqual(
        [],
      );
    }
    const row = await scratch.db.getRepository(Deadline).findOneByOrFail({ id: estimate.id });
    expect({ approximate: row.approximate, updatedAt: row.updatedAt.toISOString() }).toEqual({
      approximate: true,
      updatedAt: '2001-01-01T00:00:00.000Z',
    });
  });
});
