import { AuditLog, HolidayNotice } from '../../../entities';
import type { RunningDuban } from '../../server';
import { testDatabases } from '../../test-support/databases';
import { callJson, signInAll, startTestDuban } from '../../test-support/http';
import sample from '../../test-support/sample-2027-notice.json';

interface Day {
  date: string;
  workday: boolean;
  approximate?: boolean;
}

/**
 * Issue 15 (2027): the notice the day it is published, loaded into the running service by an administrator in one
 * step — no restart — checked whole, audited; anyone else is refused, and a bad file changes nothing.
 */
describe.each(testDatabases())('loading a holiday notice through the API on $name', (target) => {
  let duban: RunningDuban;
  let stop: () => Promise<void>;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    ({ duban, stop } = await startTestDuban(target));
    tokens = await signInAll(duban, ['qianwei', 'zhenglei']);
  }, 120_000);
  afterAll(() => stop());

  const post = (as: string, body: unknown) =>
    callJson<{ year: number; error?: { code: string } }>(duban, '/api/calendar/notices', {
      method: 'POST',
      token: tokens[as],
      body: JSON.stringify(body),
    });
  const day = async (date: string) =>
    (await callJson<{ days: Day[] }>(duban, `/api/calendar/days?from=${date}&to=${date}`, { token: tokens.zhenglei }))
      .body.days[0];

  it('is refused to anyone but an administrator, and refused whole when the file is wrong', async () => {
    expect((await post('zhenglei', structuredClone(sample))).status).toBe(403);
    const wrong = structuredClone(sample) as { holidays: { off: string[] }[] };
    wrong.holidays[0]?.off.push('2031-05-01');
    const refused = await post('qianwei', wrong);
    expect(refused.status).toBe(400);
    expect(await duban.services().db.getRepository(HolidayNotice).count()).toBe(0);
    expect(await day('2027-02-20')).toMatchObject({ workday: false, approximate: true });
  });

  it('makes the running service answer with the notice at once', async () => {
    const loaded = await post('qianwei', structuredClone(sample));
    expect(loaded).toMatchObject({ status: 200, body: { year: 2027 } });
    expect(await day('2027-02-20')).toMatchObject({ workday: true });
    expect((await day('2027-02-20'))?.approximate).toBeFalsy();
    const audits = await duban.services().db.getRepository(AuditLog).findBy({ action: 'calendar.notice.loaded' });
    expect(audits).toEqual([expect.objectContaining({ actor: 'qianwei', subjectId: '2027' })]);
  });
});
