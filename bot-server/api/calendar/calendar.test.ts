import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { callJson } from '../../test-support/http';

interface Day {
  date: string;
  workday: boolean;
  label: string;
}

describe.each(testDatabases())('calendar and time-limit API on $name', (target) => {
  // qianwei administers the calendar; zhenglei is staff.
  const demo = useDemoDuban(target, { users: ['qianwei', 'zhenglei'] });
  const { tokens } = demo;

  it('lists days with their reasons', async () => {
    const res = await callJson<{ days: Day[] }>(demo.duban, '/api/calendar/days?from=2026-02-13&to=2026-02-15', {
      token: tokens.zhenglei,
    });
    expect(res.status).toBe(200);
    expect(res.body.days.map((d) => [d.date, d.workday, d.label])).toEqual([
      ['2026-02-13', true, '周五'],
      ['2026-02-14', true, '调休上班 春节'],
      ['2026-02-15', false, '春节'],
    ]);
  });

  it('refuses bad ranges and dates with a clear message', async () => {
    const reversed = await callJson<{ error: { code: string; message: string } }>(
      demo.duban,
      '/api/calendar/days?from=2026-03-01&to=2026-02-01',
      { token: tokens.zhenglei },
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.code).toBe('invalid_range');
    const impossible = await callJson<{ error: { code: string; message: string } }>(
      demo.duban,
      '/api/calendar/days?from=2026-02-30&to=2026-03-01',
      { token: tokens.zhenglei },
    );
    expect(impossible.status).toBe(400);
    expect(impossible.body.error).toMatchObject({ code: 'invalid_date' });
    expect(impossible.body.error.message).toMatch(/2026-02-30/);
  });

  it('lets only an administrator change a day, and shows the change at once', async () => {
    const body = JSON.stringify({ date: '2026-03-02', kind: 'off', reason: '临时停电闭馆' });
    const refused = await callJson(demo.duban, '/api/calendar/overrides', {
      method: 'PUT',
      body,
      token: tokens.zhenglei,
    });
    expect(refused.status).toBe(403);
    const noReason = await callJson<{ error: { code: string } }>(demo.duban, '/api/calendar/overrides', {
      method: 'PUT',
      body: JSON.stringify({ date: '2026-03-02', kind: 'off', reason: '' }),
      token: tokens.qianwei,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('invalid_body');

    const set = await callJson<{ override: { id: number; createdBy: string } }>(demo.duban, '/api/calendar/overrides', {
      method: 'PUT',
      body,
      token: tokens.qianwei,
    });
    expect(set.status).toBe(200);
    expect(set.body.override.createdBy).toBe('qianwei');
    const day = await callJson<{ days: Day[] }>(demo.duban, '/api/calendar/days?from=2026-03-02&to=2026-03-02', {
      token: tokens.zhenglei,
    });
    expect(day.body.days[0]).toMatchObject({ workday: false, label: '调整休息 临时停电闭馆' });

    const removed = await callJson(demo.duban, `/api/calendar/overrides/${set.body.override.id}?reason=恢复上班`, {
      method: 'DELETE',
      token: tokens.qianwei,
    });
    expect(removed.status).toBe(200);
    const missing = await callJson(demo.duban, `/api/calendar/overrides/${set.body.override.id}?reason=再次撤销`, {
      method: 'DELETE',
      token: tokens.qianwei,
    });
    expect(missing.status).toBe(404);
  });

  it('previews a due date under a rule, and refuses an unknown rule', async () => {
    const res = await callJson<{ deadline: { dueDate: string } }>(
      demo.duban,
      `/api/timelimits/due?rule=supervision.npc_suggestion.reply&receivedAt=${encodeURIComponent('2026-03-20T10:00+08:00')}`,
      { token: tokens.zhenglei },
    );
    expect(res.status).toBe(200);
    // 3 calendar months from 交办 (代表法第五十一条): 2026-06-20 is a Saturday, rolled to Monday 06-22.
    expect(res.body.deadline.dueDate).toBe('2026-06-22');
    const unknown = await callJson<{ error: { code: string } }>(
      demo.duban,
      '/api/timelimits/due?rule=no.such&receivedAt=2026-03-20T10:00%2B08:00',
      { token: tokens.zhenglei },
    );
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'unknown_rule' } } });
  });
});
