import { AuditLog, DutyShift, DutyShiftMember, DutySwap, OutboxNotification } from '../../../entities';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';

type ErrorBody = { error: { code: string; message: string } };
interface Person {
  id: string;
  name: string;
}
interface Shift {
  id: number;
  date: string;
  title: string;
  leader: Person;
  staff: Person[];
}
interface Swap {
  id: number;
  status: string;
  shift: Shift;
  can: Record<string, boolean>;
}

const LEADERS = ['zhaozhiqiang', 'liming', 'chenjing'];
const STAFF = ['zhoutao', 'sunli', 'hemin', 'caoxue'];
// 会务 (wufang, zhenglei), an administrator (qianwei), staff, a unit head, 督查室, leaders.
const USERS = ['wufang', 'zhenglei', 'qianwei', 'hemin', 'caoxue', 'fenggang', 'zhoutao', 'sunli', 'liming'];
const NOT_OFFICE = ['hemin', 'fenggang', 'zhoutao', 'liming'];

describe.each(testDatabases())('换班 API on $name', (target) => {
  const clock = new Date('2026-09-20T10:00:00+08:00');
  const demo = useDemoDuban(target, { users: USERS });
  const call = demo.caller<Record<string, unknown>, ErrorBody>('/api/duty');

  beforeAll(async () => {
    demo.duban.services().duty.useClock(() => clock);
    // The demo plans the past year with its own lists: the months 我的班次 looks at from the clock take this test's.
    for (const month of ['2026-09', '2026-10', '2026-11']) {
      const made = await call('wufang', '/roster/generate', 'POST', {
        month,
        leaderUserIds: LEADERS,
        staffUserIds: STAFF,
      });
      expect([month, made.status]).toEqual([month, 200]);
    }
  });

  const snapshot = async () => ({
    shifts: await demo.db.getRepository(DutyShift).find({ order: { id: 'ASC' } }),
    members: await demo.db.getRepository(DutyShiftMember).find({ order: { shiftId: 'ASC', position: 'ASC' } }),
    swaps: await demo.db.getRepository(DutySwap).find({ order: { id: 'ASC' } }),
    audit: await demo.db.getRepository(AuditLog).count(),
    outbox: await demo.db.getRepository(OutboxNotification).count(),
  });
  const myShifts = async (user: string) =>
    (await call<{ upcoming: (Shift & { role: string })[] }>(user, '/my-shifts')).body.upcoming;

  it('answers 401 without a session on every route, and changes nothing', async () => {
    const before = await snapshot();
    for (const [method, path] of [
      ['GET', '/my-shifts'],
      ['GET', '/swaps'],
      ['GET', '/swaps/options?shiftId=1'],
      ['POST', '/swaps'],
      ['GET', '/swaps/office'],
      ['GET', '/swaps/1'],
      ['POST', '/swaps/1/accept'],
      ['POST', '/swaps/1/decline'],
      ['POST', '/swaps/1/withdraw'],
      ['POST', '/swaps/1/approve'],
      ['POST', '/swaps/1/refuse'],
    ] as const) {
      const res = await call('nobody', path, method, method === 'POST' ? {} : undefined);
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('shows every signed-in person their own shifts, as 带班领导 or 值班人员', async () => {
    for (const user of USERS) {
      const res = await call<{ upcoming: { role: string }[]; past: unknown[] }>(user, '/my-shifts');
      expect([user, res.status]).toEqual([user, 200]);
      const expected = LEADERS.includes(user) ? 'leader' : STAFF.includes(user) ? 'staff' : null;
      expect(res.body.upcoming.length > 0).toBe(expected !== null);
      expect(res.body.upcoming.every((s) => s.role === expected)).toBe(true);
    }
  });

  it('runs a request through the colleague and the office; each step only for its person or role', async () => {
    const shift = (await myShifts('hemin')).find((s) => s.date >= '2026-10-08') as Shift;
    const options = await call<{ candidates: { person: Person }[] }>('hemin', `/swaps/options?shiftId=${shift.id}`);
    expect(options.status).toBe(200);
    expect(options.body.candidates.map((c) => c.person.id).sort()).toEqual(['caoxue', 'sunli', 'zhoutao']);
    expect((await call('caoxue', `/swaps/options?shiftId=${shift.id}`)).status).toBe(400);

    const made = await call<{ swap: Swap }>('hemin', '/swaps', 'POST', {
      shiftId: shift.id,
      kind: 'cover',
      counterpartUserId: 'caoxue',
      reason: '外出调研',
    });
    expect(made.status).toBe(201);
    const id = made.body.swap.id;
    for (const user of ['fenggang', 'zhoutao', 'liming']) {
      expect([user, (await call(user, `/swaps/${id}`)).status]).toEqual([user, 403]);
    }
    for (const user of ['hemin', 'caoxue', 'wufang', 'zhenglei', 'qianwei']) {
      expect([user, (await call(user, `/swaps/${id}`)).status]).toEqual([user, 200]);
    }
    const before = await snapshot();
    for (const user of ['hemin', 'zhoutao', 'wufang']) {
      expect([user, (await call(user, `/swaps/${id}/accept`, 'POST', {})).status]).toEqual([user, 403]);
    }
    for (const user of NOT_OFFICE) {
      for (const step of ['approve', 'refuse']) {
        const res = await call(user, `/swaps/${id}/${step}`, 'POST', { note: '不同意' });
        expect([user, step, res.status]).toEqual([user, step, 403]);
      }
      expect([user, (await call(user, '/swaps/office')).status]).toEqual([user, 403]);
    }
    expect((await call('wufang', `/swaps/${id}/approve`, 'POST', {})).body.error).toMatchObject({
      code: 'not_accepted',
      message: '对方尚未同意，该换班申请暂不能审批',
    });
    expect(await snapshot()).toEqual(before);

    expect((await call<{ swap: Swap }>('caoxue', `/swaps/${id}/accept`, 'POST', {})).body.swap.status).toBe('accepted');
    for (const user of ['wufang', 'zhenglei', 'qianwei']) {
      const list = await call<{ swaps: Swap[] }>(user, '/swaps/office');
      expect([user, list.status, list.body.swaps[0]?.id, list.body.swaps[0]?.can.approve]).toEqual([
        user,
        200,
        id,
        true,
      ]);
    }
    const approved = await call<{ swap: Swap }>('zhenglei', `/swaps/${id}/approve`, 'POST', {});
    expect(approved.status).toBe(200);
    expect(approved.body.swap.status).toBe('approved');
    const roster = await call<{ days: { shifts: Shift[] }[] }>('hemin', '/roster?month=2026-10');
    const after = roster.body.days.flatMap((d) => d.shifts).find((s) => s.id === shift.id);
    expect(after?.staff.map((p) => p.id)).toEqual(['caoxue']);
    expect((await call<{ swaps: Swap[] }>('caoxue', '/swaps')).body.swaps.map((s) => s.id)).toContain(id);
  });

  it('refuses bad input with 400 or 409 and a Chinese message, nothing stored', async () => {
    const shift = (await myShifts('sunli')).find((s) => s.date >= '2026-10-12') as Shift;
    const first = await call<{ swap: Swap }>('sunli', '/swaps', 'POST', {
      shiftId: shift.id,
      kind: 'cover',
      counterpartUserId: 'zhoutao',
    });
    expect(first.status).toBe(201);
    const before = await snapshot();
    for (const [body, status, code, message] of [
      [{ shiftId: shift.id, kind: 'cover', counterpartUserId: 'sunli' }, 400, 'self_swap', '不能与本人换班'],
      [
        { shiftId: shift.id, kind: 'cover', counterpartUserId: 'zhoutao' },
        409,
        'open_request',
        '已为该班次提出换班申请',
      ],
      [
        { shiftId: shift.id, kind: 'cover', counterpartUserId: 'liming' },
        400,
        'not_eligible',
        '值班人员只能与值班人员换班',
      ],
      [{ shiftId: shift.id, kind: 'swap', counterpartUserId: 'hemin' }, 400, 'invalid_body', '请选择替班或换班'],
      [{ shiftId: shift.id, counterpartUserId: 'hemin', extra: 1 }, 400, 'invalid_body', ''],
    ] as const) {
      const res = await call('sunli', '/swaps', 'POST', body);
      expect([code, res.status, res.body.error.code]).toEqual([code, status, code]);
      // A malformed body says which field, in details.
      expect(JSON.stringify(res.body.error)).toContain(message);
    }
    const refused = await call('wufang', `/swaps/${first.body.swap.id}/refuse`, 'POST', {});
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.error)).toContain('请填写不予批准的理由');
    expect((await call('wufang', '/swaps/999999')).status).toBe(404);
    expect((await call('wufang', '/swaps/abc')).status).toBe(400);
    expect(await snapshot()).toEqual(before);
    expect((await call('sunli', `/swaps/${first.body.swap.id}/withdraw`, 'POST', {})).status).toBe(200);
  });
});
