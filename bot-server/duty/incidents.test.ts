import { DutyIncidentLimit, OutboxNotification } from '../../entities';
import type { Actor } from '../supervision/types';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';

const at = (text: string) => new Date(`${text}+08:00`);
const OFFICE: Actor = { id: 'zhenglei', roles: [{ role: 'meeting_office', scope: '*' }] };
const ADMIN: Actor = { id: 'qianwei', roles: [{ role: 'admin', scope: '*' }] };

/**
 * The clock of 应急值班信息 at chosen instants (the outbox rows, not the wall clock): a pass that first sees a limit
 * long past, the escalation to whoever leads the shift on duty then, a warning no earlier than 接报时间, and the 续报
 * opened one after another. March 2025, a month the demo seeds nothing in.
 */
describe.each(testDatabases())('the clock of emergency information on $name', (target) => {
  let clock = at('2025-03-02T03:00:00');
  const demo = useDemoDuban(target);
  const incidents = () => demo.duban.services().incidents;
  const sent = (incidentId: number) =>
    demo.db.getRepository(OutboxNotification).find({
      where: { subjectType: 'duty_incident', subjectId: incidentId },
      order: { id: 'ASC' },
    });
  const base = {
    occurredAt: at('2025-03-02T02:50:00'),
    place: '东湖街道',
    category: 'accident',
    level: 'large',
    summary: '居民楼燃气泄漏，已疏散',
    source: '区燃气公司',
  };

  beforeAll(() => incidents().useClock(() => clock));

  it('sends the overdue notice and the escalation (no stale warning) when first seen long past, to the leader on duty then', async () => {
    clock = at('2025-03-02T03:00:00');
    // No shift is planned at 03:00: recorded by 会务, with no shift to name.
    const incident = await incidents().record(OFFICE, base);
    expect(incident.limits.map((l) => [l.name, l.dueAt])).toEqual([
      ['电话初报', at('2025-03-02T03:30:00').toISOString()],
      ['书面初报', at('2025-03-02T04:00:00').toISOString()],
    ]);
    // The 白班 of that Sunday, led by 陈静, is on duty when the clock next runs, at 09:00.
    await demo.duban.services().duty.editShift('qianwei', '2025-03-02', 'day', {
      leaderUserId: 'chenjing',
      staffUserIds: ['wufang'],
    });
    clock = at('2025-03-02T09:00:00');
    await incidents().runDue();
    await incidents().runDue();
    const rows = await sent(incident.id);
    expect(rows.map((r) => [r.kind, r.recipientUserId]).sort()).toEqual(
      [
        ['incident_escalation', 'chenjing'],
        ['incident_escalation', 'chenjing'],
        ['incident_overdue', 'zhenglei'],
        ['incident_overdue', 'zhenglei'],
      ].sort(),
    );
    expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(4);
    const limits = await demo.db.getRepository(DutyIncidentLimit).findBy({ incidentId: incident.id });
    expect(limits.every((l) => l.nextStepAt === null && l.escalatedAt !== null)).toBe(true);
  });

  it('warns no earlier than 接报时间, and opens each 续报 after the last while the level asks for them', async () => {
    clock = at('2025-03-03T10:00:00');
    // A rule whose phone limit (3 minutes) is shorter than its warning (5): warned at 接报时间.
    await incidents().saveRule(ADMIN, 'large', {
      phoneMinutes: 3,
      writtenMinutes: 20,
      followUpHours: 2,
      warnMinutes: 5,
      escalateMinutes: 10,
    });
    const incident = await incidents().record(OFFICE, { ...base, occurredAt: at('2025-03-03T09:55:00') });
    await incidents().runDue();
    expect((await sent(incident.id)).map((r) => r.kind)).toEqual(['incident_warning']);

    clock = at('2025-03-03T10:02:00');
    await incidents().addReport(OFFICE, incident.id, { kind: 'phone', recipient: '区委总值班室', channel: 'phone' });
    clock = at('2025-03-03T10:10:00');
    const written = await incidents().addReport(OFFICE, incident.id, {
      kind: 'written',
      recipient: '区委总值班室',
      channel: 'intranet',
    });
    expect(written.limits.filter((l) => l.status === 'open').map((l) => [l.name, l.dueAt])).toEqual([
      ['第1次续报', at('2025-03-03T12:10:00').toISOString()],
    ]);
    clock = at('2025-03-03T12:30:00');
    const first = await incidents().addReport(OFFICE, incident.id, {
      kind: 'follow_up',
      recipient: '区委总值班室',
      channel: 'intranet',
      reportedAt: at('2025-03-03T12:25:00'),
    });
    expect(first.limits.map((l) => [l.name, l.status, l.lateMinutes])).toEqual([
      ['电话初报', 'met', null],
      ['书面初报', 'met', null],
      ['第1次续报', 'met', 15],
      ['第2次续报', 'open', null],
    ]);
    expect(first.limits[3]?.dueAt).toBe(at('2025-03-03T14:25:00').toISOString());
    await incidents().saveRule(ADMIN, 'large', null);

    // 一般 asks for no 续报: a written report opens none.
    clock = at('2025-03-03T13:00:00');
    const general = await incidents().record(OFFICE, { ...base, level: 'general', occurredAt: clock });
    const after = await incidents().addReport(OFFICE, general.id, {
      kind: 'written',
      recipient: '区政府总值班室',
      channel: 'intranet',
    });
    expect(after.limits.map((l) => [l.name, l.status])).toEqual([['书面初报', 'met']]);
  });
});
