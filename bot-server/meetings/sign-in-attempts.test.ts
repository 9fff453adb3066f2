import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditLog, Meeting, MeetingAttendee } from '../../entities';
import type { DatabaseSettings } from '../../entities/data-source';
import { loadConfig } from '../config/config';
import { createLogger } from '../logging/logger';
import { type RunningDuban, startDuban } from '../server';
import { testDatabases } from '../test-support/databases';
import { callJson, signInAs } from '../test-support/http';
import type { MeetingDetail } from './model';

type Body = { meeting?: MeetingDetail; error?: { code: string; message: string } };

const INVITEES = [
  'fenggang',
  'hemin',
  'xuqiang',
  'caoxue',
  'hanbing',
  'yangfan',
  'zhudan',
  'qinyue',
  'shenhong',
  'hanlu',
  'wangjianguo',
  'liming',
];

/**
 * The 6-digit sign-in code takes a bounded number of wrong guesses: 5 per person, 50 per meeting, counted in the
 * database, so that two server processes on one database share the counts; renewing the code reopens sign-in.
 */
describe.each(testDatabases())('wrong sign-in codes on $name, across two server processes', (target) => {
  // Two Dubans on one database, as several processes behind a load balancer would run.
  let a: RunningDuban;
  let b: RunningDuban;
  let db: DataSource;
  let cleanUp: () => Promise<void>;
  const tokens: Record<string, string> = {};
  const NOW = new Date('2026-12-07T10:00:00+08:00');
  let clock = NOW;
  const office = { id: 'zhenglei', roles: [{ role: 'meeting_office' as const, scope: '*' }] };

  beforeAll(async () => {
    let settings: DatabaseSettings;
    if (target.name === 'sqlite') {
      // One file both processes open (an in-memory database is private to its process).
      const file = join(tmpdir(), `duban-sign-in-${process.pid}-${Date.now()}.sqlite`);
      settings = { type: 'sqlite', path: file };
      cleanUp = async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      };
    } else {
      const created = await target.create();
      settings = created.settings;
      cleanUp = created.drop;
    }
    const start = () => startDuban({ ...loadConfig({ PORT: '0' }), database: settings }, createLogger('silent'));
    a = await start();
    b = await start();
    db = a.services().db;
    a.services().meetings.useClock(() => clock);
    b.services().meetings.useClock(() => clock);
    // Sessions live in the database: a token works on either process.
    for (const user of ['zhenglei', ...INVITEES]) tokens[user] = await signInAs(a, user);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cleanUp?.();
  });

  const signIn = (on: RunningDuban, user: string, id: number, code: string) =>
    callJson<Body>(on, `/api/meetings/${id}/sign-in`, {
      method: 'POST',
      token: tokens[user],
      body: JSON.stringify({ code }),
    });
  const asOffice = (path: string, method = 'GET') =>
    callJson<Body>(a, `/api/meetings${path}`, { method, token: tokens.zhenglei });

  /** A notified meeting inviting everyone in INVITEES, with the clock inside its sign-in window. */
  async function meeting(title: string) {
    clock = NOW;
    const created = await a.services().meetings.create(office, {
      type: 'coordination',
      title,
      startsAt: new Date('2026-12-08T09:00:00+08:00'),
      attendeeUserIds: INVITEES,
    });
    await a.services().meetings.notify(office, created.id);
    clock = new Date('2026-12-08T08:50:00+08:00');
    const code = (await db.getRepository(Meeting).findOneByOrFail({ id: created.id })).signInCode as string;
    expect(code).toMatch(/^\d{6}$/);
    /** The n-th wrong code: never the right one. */
    const wrong = (n: number) => String((Number(code) + n) % 1_000_000).padStart(6, '0');
    return { id: created.id, code, wrong };
  }
  const signedIn = async (id: number, user: string) =>
    (await db.getRepository(MeetingAttendee).findOneByOrFail({ meetingId: id, userId: user })).signedInAt !== null;
  const wrongRows = (id: number) =>
    db.getRepository(AuditLog).countBy({ action: 'meeting.sign_in.wrong_code', subjectId: String(id) });

  it('stops a person after 5 wrong codes, even with the right one, until the code is renewed', async () => {
    const m = await meeting('一人输错五次的专题协调会');
    for (let n = 1; n <= 5; n++) {
      const res = await signIn(a, 'fenggang', m.id, m.wrong(n));
      expect([res.status, res.body.error?.code]).toEqual([400, 'wrong_code']);
    }
    const stopped = await signIn(a, 'fenggang', m.id, m.code);
    expect([stopped.status, stopped.body.error?.code, stopped.body.error?.message]).toEqual([
      429,
      'too_many_attempts',
      '您已5次输错签到码，暂不能签到，请联系会务人员核实或重新生成签到码',
    ]);
    expect(await signedIn(m.id, 'fenggang')).toBe(false);
    // A refused attempt is not counted again; others sign in as before.
    expect(await wrongRows(m.id)).toBe(5);
    expect((await signIn(a, 'xuqiang', m.id, m.code)).status).toBe(200);

    // 会务 renew the code: the old one stops working, the person may try again.
    const renewed = await asOffice(`/${m.id}/sign-in-code`, 'POST');
    expect(renewed.status).toBe(200);
    const code = renewed.body.meeting?.signInCode as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(code).not.toBe(m.code);
    expect((await signIn(a, 'fenggang', m.id, m.code)).status).toBe(400);
    expect((await signIn(a, 'fenggang', m.id, code)).status).toBe(200);
    expect(await signedIn(m.id, 'fenggang')).toBe(true);
  });

  it('counts one person’s wrong codes across both processes', async () => {
    const m = await meeting('两个进程共计输错的专题协调会');
    for (let n = 1; n <= 5; n++) {
      expect((await signIn(n <= 3 ? a : b, 'hanbing', m.id, m.wrong(n))).status).toBe(400);
    }
    for (const on of [b, a]) {
      const res = await signIn(on, 'hanbing', m.id, m.code);
      expect([res.status, res.body.error?.code]).toEqual([429, 'too_many_attempts']);
    }
    expect(await signedIn(m.id, 'hanbing')).toBe(false);
  });

  it('stops code sign-in for the whole meeting after 50 wrong codes in all, until the code is renewed', async () => {
    const m = await meeting('共计输错五十次的专题协调会');
    const guessers = INVITEES.slice(0, 10);
    let n = 0;
    for (const user of guessers) {
      for (let k = 0; k < 5; k++) {
        n++;
        expect((await signIn(n % 2 ? a : b, user, m.id, m.wrong(n))).status).toBe(400);
      }
    }
    expect(await wrongRows(m.id)).toBe(50);
    const late = INVITEES[10] as string;
    for (const on of [a, b]) {
      const res = await signIn(on, late, m.id, m.code);
      expect([res.status, res.body.error?.code, res.body.error?.message]).toEqual([
        429,
        'too_many_attempts',
        '本次会议签到码输错次数过多，已暂停签到码签到，请联系会务人员重新生成签到码',
      ]);
    }
    expect(await signedIn(m.id, late)).toBe(false);
    expect((await asOffice(`/${m.id}`)).body.meeting?.signInLocked).toBe(true);

    const renewed = await asOffice(`/${m.id}/sign-in-code`, 'POST');
    expect(renewed.body.meeting?.signInLocked).toBe(false);
    expect((await signIn(b, late, m.id, renewed.body.meeting?.signInCode as string)).status).toBe(200);
    expect(await signedIn(m.id, late)).toBe(true);
  });

  it('renews a code only for a meeting that has one, and only for those who run it', async () => {
    const m = await meeting('签到码只由会务重新生成的专题协调会');
    const refused = await callJson<Body>(b, `/api/meetings/${m.id}/sign-in-code`, {
      method: 'POST',
      token: tokens.fenggang,
    });
    expect(refused.status).toBe(403);
    expect((await db.getRepository(Meeting).findOneByOrFail({ id: m.id })).signInCode).toBe(m.code);
    clock = NOW;
    const draft = await a.services().meetings.create(office, {
      type: 'other',
      title: '尚未通知的会议',
      startsAt: new Date('2026-12-09T09:00:00+08:00'),
      attendeeUserIds: ['fenggang'],
    });
    const none = await asOffice(`/${draft.id}/sign-in-code`, 'POST');
    expect([none.status, none.body.error?.message]).toEqual([409, '会议尚未发出通知或已取消，没有签到码']);
  });
});
