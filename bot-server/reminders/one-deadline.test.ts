import { Deadline, Matter, OutboxNotification } from '../../entities';
import { parseInstant } from '../calendar';
import { timingOf } from '../deadlines/timing';
import { classify } from '../supervision/status';
import { testDatabases } from '../test-support/databases';
import { insertMatter, matterDueOn, silent, TestClock, useReminderWorld } from '../test-support/reminders';
import { chineseDate, dueDateOf } from '../timelimits';
import { DEFAULT_OFFICE_HOURS_TEXT, parseOfficeHours } from './office-hours';
import { ReminderPlanner } from './planner';

/**
 * One deadline, one fact: for a deadline of each kind, what the API shows (timing, matter classification), what
 * the bot says (the outbox row) and the last day derived from the due instant agree on the date and, at one `now`,
 * on the working days overdue.
 */
describe.each(testDatabases())('one last day and one overdue count on $name', (target) => {
  const world = useReminderWorld(target);
  const now = parseInstant('2026-12-10T09:00');

  async function ruleDeadline(
    subjectType: Deadline['subjectType'],
    ruleCode: string,
    receivedAt: string,
    assignee: string,
    departmentId: string,
  ) {
    return world.db.transaction(async (manager) =>
      world.deadlines.create(manager, {
        subjectType,
        subjectId: await insertMatter(manager, { title: '测试', departmentId }),
        purpose: 'complete',
        ruleCode,
        receivedAt: parseInstant(receivedAt),
        assigneeUserId: assignee,
        departmentId,
      }),
    );
  }

  it('shows, says and counts the same last day for every kind of deadline', async () => {
    const step = await ruleDeadline('document_step', 'doc.step.handle', '2026-10-20T16:00', 'zhenglei', '21');
    const document = await ruleDeadline('document', 'doc.incoming.complete', '2026-10-09T10:00', 'hemin', '31');
    const report = await ruleDeadline(
      'matter_period',
      'supervision.key_work.monthly_report',
      '2026-11-02T10:00',
      'yangfan',
      '33',
    );
    const matter = await matterDueOn(world.db, world.deadlines, {
      title: '全区河长制巡河检查',
      dueDate: '2026-06-05',
      assignee: 'qinyue',
      departmentId: '34',
    });
    // An extension: the date the request states is the date the grant gives.
    const extendedMatter = await matterDueOn(world.db, world.deadlines, {
      title: '老旧小区改造',
      dueDate: '2026-11-20',
      assignee: 'caoxue',
      departmentId: '32',
    });
    const request = {
      amount: 3,
      requestedAt: parseInstant('2026-11-18T10:00'),
      approverRole: 'supervision_office',
      reason: '需协调多个部门',
    };
    const preview = world.deadlines.previewExtension(extendedMatter, request);
    const extended = await world.db.transaction((m) =>
      world.deadlines.extend(m, extendedMatter.id, { ...request, approvedBy: 'qianwei' }),
    );
    expect([preview.dueDate, dueDateOf(preview.dueAt)]).toEqual([extended.dueDate, extended.dueDate]);
    expect(extended.dueDate).toBe('2026-11-25');
    // A meeting's confirm-by at 00:00 closes the day before.
    const confirm = await world.db.transaction(async (manager) =>
      world.deadlines.createAtInstant(manager, {
        subjectType: 'meeting_attendee',
        subjectId: 1,
        purpose: 'confirm',
        receivedAt: parseInstant('2026-12-01T09:00'),
        dueAt: parseInstant('2026-12-08T00:00'),
        assigneeUserId: 'yangfan',
        departmentId: '33',
      }),
    );
    expect(confirm.dueDate).toBe('2026-12-07');

    const planner = new ReminderPlanner({
      db: world.db,
      calendars: world.deadlines,
      officeHours: parseOfficeHours(DEFAULT_OFFICE_HOURS_TEXT),
      publicUrl: 'https://duban.example.gov.cn',
      logger: silent,
      now: new TestClock('2026-12-10T09:00').now,
    });
    await planner.pass();
    const rows = await world.db.getRepository(OutboxNotification).find({ order: { id: 'ASC' } });
    const said = (deadlineId: number, recipient: string) =>
      rows
        .filter((r) => r.recipientUserId === recipient)
        .map((r) => (r.payload as { markdown: string }).markdown)
        .join('\n')
        .split('\n')
        .filter((line) => line.includes('已逾期') && (line.includes(`编号${deadlineId}`) || !line.includes('编号')));

    const cases: [Deadline, string][] = [
      [step, 'zhenglei'],
      [document, 'hemin'],
      [report, 'yangfan'],
      [matter, 'qinyue'],
      [extended, 'caoxue'],
    ];
    for (const [row, recipient] of cases) {
      const fresh = await world.db.getRepository(Deadline).findOneByOrFail({ id: row.id });
      expect(fresh.dueDate).toBe(dueDateOf(fresh.dueAt));
      const timing = timingOf(world.deadlines, fresh, now);
      expect([fresh.subjectType, fresh.dueDate, timing.overdue]).toEqual([fresh.subjectType, fresh.dueDate, true]);
      const matterView = classify(
        {
          status: 'in_progress',
          completedAt: null,
          dueAt: fresh.dueAt,
          dueDate: fresh.dueDate,
          originalDueAt: null,
          extended: false,
        },
        now,
        world.deadlines.calendar(fresh.calendarScope),
      );
      expect(matterView.workdaysOverdue).toBe(timing.overdueWorkdays);
      const lines = said(fresh.id, recipient);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).toContain(`已逾期${timing.overdueWorkdays}个工作日`);
        expect(line).toContain(`办理时限：${chineseDate(fresh.dueDate)}`);
      }
    }
    expect(await world.db.getRepository(Matter).count()).toBeGreaterThan(0);
  });
});
