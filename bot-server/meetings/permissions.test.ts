import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import {
  AuditLog,
  Matter,
  Meeting,
  MeetingAttendee,
  MeetingDecision,
  OutboxNotification,
  UserRole,
} from '../../entities';
import { testDatabases } from '../test-support/databases';
import { useDemoDuban } from '../test-support/demo-fixture';
import type { JsonResponse } from '../test-support/http';
import { factsOf } from './facts';
import type { MeetingAction } from './lifecycle';
import type { MeetingDetail, MeetingInput } from './model';
import { allows, standingsOf } from './permissions';

/**
 * Every cell of the table in README.md (「Who may do what」), through the API as each person: allowed → 2xx and the
 * change made; refused → 403 and nothing changed (for the sign-in code: not shown). Each cell also asks
 * permissions.ts, so the table, the code's table and what the API does are one.
 */

type Body = { meeting?: MeetingDetail; error?: { code: string; message: string } };

/** The table's columns: who acts, as the demo office has them. */
const PERSONAS: Record<string, string> = {
  会务: 'zhenglei',
  督查室: 'zhoutao',
  区领导: 'wangjianguo',
  '组织者（普通工作人员）': 'hemin',
  '组织者（督查室）': 'sunli',
  受邀单位负责人: 'shenhong',
  受邀人员: 'fenggang',
  其他工作人员: 'yangfan',
};
/** The organiser of the meetings each column acts on, and one colleague of theirs (an ordinary invitation). */
const organiserFor = (column: string) => (column === '组织者（督查室）' ? 'sunli' : 'hemin');
const colleagueOf = (organiser: string) => (organiser === 'sunli' ? 'zhoutao' : 'fenggang');
/** The unit invited to official meetings, whose head is the 受邀单位负责人, and one of its people. */
const UNIT = '35';
const UNIT_MEMBER = 'hanlu';

interface Cell {
  row: string;
  column: string;
  allowed: boolean;
}

/** The table as README.md prints it. */
function readTable(): { rows: string[]; columns: string[]; cells: Cell[] } {
  const text = readFileSync(join(__dirname, 'README.md'), 'utf8');
  const lines = text.split('\n').filter((line) => line.startsWith('| '));
  const header = lines.find((line) => line.startsWith('| 事项 |'));
  if (!header) throw new Error('README.md has no permission table');
  const columns = header
    .split('|')
    .slice(3, -1)
    .map((c) => c.trim());
  const cells: Cell[] = [];
  const rows: string[] = [];
  for (const line of lines.filter((l) => /^\| `[a-z_]+` \|/.test(l))) {
    const parts = line.split('|').map((p) => p.trim());
    const row = (parts[1] ?? '').replaceAll('`', '');
    rows.push(row);
    parts.slice(3, -1).forEach((mark, i) => {
      if (mark !== '✓' && mark !== '✗') throw new Error(`README.md: ${row} has "${mark}"`);
      cells.push({ row, column: columns[i] ?? '', allowed: mark === '✓' });
    });
  }
  return { rows, columns, cells };
}

const TABLE = readTable();

describe('the permission table in README.md', () => {
  it('names every person the test acts as, and every situation the test builds', () => {
    expect(TABLE.columns).toEqual(Object.keys(PERSONAS));
    expect([...TABLE.rows].sort()).toEqual(Object.keys(SITUATIONS).sort());
  });
});

// ---- the situations: the meeting each row acts on, what the person does, and what the change is ----------

interface Fixture {
  id: number;
  organiser: string;
}

interface Situation {
  /** The action permissions.ts decides (the row's cells must equal its answer). */
  action: MeetingAction;
  /** The meeting the row acts on (none for `create`). */
  meeting: 'none' | 'dingtalk_draft' | 'adopted_draft' | 'official_draft' | 'ordinary_notified' | 'official_notified';
  act(ctx: Context, fixture: Fixture): Promise<JsonResponse<Body>>;
  /** After a 2xx: whether the change is there. */
  changed(ctx: Context, fixture: Fixture, res: JsonResponse<Body>): Promise<boolean>;
  /** Reading the code: a refusal is a 403 or a code not shown. */
  refusalShows?: (res: JsonResponse<Body>) => boolean;
  /** The change makes an ordinary meeting official. */
  makesOfficial?: true;
}

interface Context {
  db: DataSource;
  call(path: string, method?: string, body?: unknown): Promise<JsonResponse<Body>>;
  /** The body of a PUT that keeps the meeting as it is, changed by `patch`. */
  asInput(id: number, patch: Partial<MeetingInput>): Promise<Record<string, unknown>>;
  moveClock(to: Date): void;
}

const meetingRow = (ctx: Context, id: number) => ctx.db.getRepository(Meeting).findOneByOrFail({ id });
const invitees = async (ctx: Context, id: number) =>
  (await ctx.db.getRepository(MeetingAttendee).findBy({ meetingId: id })).map(
    (a) => a.userId ?? `unit:${a.departmentId}`,
  );

const editing = (patch: (input: Record<string, unknown>) => Partial<MeetingInput>) => ({
  act: async (ctx: Context, f: Fixture) => {
    const input = await ctx.asInput(f.id, {});
    return ctx.call(`/${f.id}`, 'PUT', { ...input, ...patch(input) });
  },
});

const SITUATIONS: Record<string, Situation> = {
  view: {
    action: 'view',
    meeting: 'official_notified',
    act: (ctx, f) => ctx.call(`/${f.id}`),
    changed: async (_ctx, f, res) => res.body.meeting?.id === f.id,
  },
  view_dingtalk_draft: {
    action: 'view',
    meeting: 'dingtalk_draft',
    act: (ctx, f) => ctx.call(`/${f.id}`),
    changed: async (_ctx, f, res) => res.body.meeting?.id === f.id && res.body.meeting.adopted === false,
  },
  create: {
    action: 'create',
    meeting: 'none',
    act: (ctx) =>
      ctx.call('', 'POST', {
        type: 'other',
        title: '新建的权限测试会议',
        startsAt: '2026-12-10T09:00:00+08:00',
        attendeeUserIds: ['fenggang'],
      }),
    changed: async (ctx, _f, res) =>
      !!res.body.meeting && (await ctx.db.getRepository(Meeting).existsBy({ id: res.body.meeting.id })),
  },
  adopt: {
    action: 'adopt',
    meeting: 'dingtalk_draft',
    act: (ctx, f) => ctx.call(`/${f.id}/adopt`, 'POST'),
    changed: async (ctx, f) => typeof (await meetingRow(ctx, f.id)).external?.adoptedBy === 'string',
  },
  edit_dingtalk_draft: {
    action: 'edit',
    meeting: 'dingtalk_draft',
    ...editing((input) => ({ title: `${input.title}（已核对）` })),
    changed: async (ctx, f) => (await meetingRow(ctx, f.id)).title.endsWith('（已核对）'),
  },
  edit: {
    action: 'edit',
    meeting: 'adopted_draft',
    ...editing(() => ({ place: '区政府四楼小会议室' })),
    changed: async (ctx, f) => (await meetingRow(ctx, f.id)).place === '区政府四楼小会议室',
  },
  set_official_type: {
    action: 'edit',
    meeting: 'adopted_draft',
    makesOfficial: true,
    ...editing(() => ({ type: 'executive' })),
    changed: async (ctx, f) => (await meetingRow(ctx, f.id)).type === 'executive',
  },
  invite_leader: {
    action: 'edit',
    meeting: 'adopted_draft',
    makesOfficial: true,
    ...editing((input) => ({ attendeeUserIds: [...(input.attendeeUserIds as string[]), 'chenjing'] })),
    changed: async (ctx, f) => (await invitees(ctx, f.id)).includes('chenjing'),
  },
  invite_unit: {
    action: 'edit',
    meeting: 'adopted_draft',
    makesOfficial: true,
    ...editing(() => ({ attendeeDepartmentIds: ['34'] })),
    changed: async (ctx, f) => (await invitees(ctx, f.id)).includes('unit:34'),
  },
  invite_other_unit: {
    action: 'edit',
    meeting: 'adopted_draft',
    makesOfficial: true,
    ...editing((input) => ({ attendeeUserIds: [...(input.attendeeUserIds as string[]), 'caoxue'] })),
    changed: async (ctx, f) => (await invitees(ctx, f.id)).includes('caoxue'),
  },
  set_organiser: {
    action: 'set_organiser',
    meeting: 'adopted_draft',
    ...editing(() => ({ organiserUserId: 'wufang' })),
    changed: async (ctx, f) => (await meetingRow(ctx, f.id)).organiserUserId === 'wufang',
  },
  notify: {
    action: 'notify',
    meeting: 'adopted_draft',
    act: (ctx, f) => ctx.call(`/${f.id}/notify`, 'POST'),
    changed: async (ctx, f) => (await meetingRow(ctx, f.id)).status === 'notified',
  },
  notify_official: {
    action: 'notify',
    meeting: 'official_draft',
    act: (ctx, f) => ctx.call(`/${f.id}/notify`, 'POST'),
    changed: async (ctx, f) => (await meetingRow(ctx, f.id)).status === 'notified',
  },
  cancel: {
    action: 'cancel',
    meeting: 'ordinary_notified',
    act: (ctx, f) => ctx.call(`/${f.id}/cancel`, 'POST', { reason: '工作安排调整' }),
    changed: async (ctx, f) => (await meetingRow(ctx, f.id)).status === 'cancelled',
  },
  cancel_official: {
    action: 'cancel',
    meeting: 'official_notified',
    act: (ctx, f) => ctx.call(`/${f.id}/cancel`, 'POST', { reason: '工作安排调整' }),
    changed: async (ctx, f) => (await meetingRow(ctx, f.id)).status === 'cancelled',
  },
  code: {
    action: 'code',
    meeting: 'ordinary_notified',
    act: (ctx, f) => ctx.call(`/${f.id}`),
    changed: async (ctx, f, res) =>
      /^\d{6}$/.test(res.body.meeting?.signInCode ?? '') &&
      res.body.meeting?.signInCode === (await meetingRow(ctx, f.id)).signInCode,
    refusalShows: (res) => res.status === 403 || (res.status === 200 && res.body.meeting?.signInCode === null),
  },
  code_official: {
    action: 'code',
    meeting: 'official_notified',
    act: (ctx, f) => ctx.call(`/${f.id}`),
    changed: async (ctx, f, res) =>
      /^\d{6}$/.test(res.body.meeting?.signInCode ?? '') &&
      res.body.meeting?.signInCode === (await meetingRow(ctx, f.id)).signInCode,
    refusalShows: (res) => res.status === 403 || (res.status === 200 && res.body.meeting?.signInCode === null),
  },
  renew_code: {
    action: 'code',
    meeting: 'ordinary_notified',
    act: (ctx, f) => ctx.call(`/${f.id}/sign-in-code`, 'POST'),
    changed: async (ctx, f, res) =>
      res.body.meeting?.signInCode === (await meetingRow(ctx, f.id)).signInCode &&
      (await ctx.db
        .getRepository(AuditLog)
        .countBy({ action: 'meeting.sign_in_code.renewed', subjectId: String(f.id) })) === 1,
  },
  renew_code_official: {
    action: 'code',
    meeting: 'official_notified',
    act: (ctx, f) => ctx.call(`/${f.id}/sign-in-code`, 'POST'),
    changed: async (ctx, f, res) =>
      res.body.meeting?.signInCode === (await meetingRow(ctx, f.id)).signInCode &&
      (await ctx.db
        .getRepository(AuditLog)
        .countBy({ action: 'meeting.sign_in_code.renewed', subjectId: String(f.id) })) === 1,
  },
  decide: {
    action: 'decide',
    meeting: 'official_notified',
    act: (ctx, f) =>
      ctx.call(`/${f.id}/decisions`, 'POST', {
        content: '区住建局牵头完成老旧小区改造方案',
        leadDepartmentId: '33',
        dueDate: '2026-12-31',
      }),
    changed: async (ctx, f) =>
      (await ctx.db.getRepository(MeetingDecision).countBy({ meetingId: f.id })) === 1 &&
      (await ctx.db.getRepository(Matter).countBy({ meetingId: f.id })) === 1,
  },
  respond: {
    action: 'respond',
    meeting: 'official_notified',
    act: (ctx, f) => ctx.call(`/${f.id}/receipt`, 'POST', { response: 'confirmed' }),
    changed: async (ctx, f) =>
      (await ctx.db.getRepository(MeetingAttendee).countBy({ meetingId: f.id, response: 'confirmed' })) === 1,
  },
  sign_in: {
    action: 'sign_in',
    meeting: 'official_notified',
    act: async (ctx, f) => {
      const meeting = await meetingRow(ctx, f.id);
      ctx.moveClock(new Date(meeting.startsAt.getTime() - 10 * 60_000));
      return ctx.call(`/${f.id}/sign-in`, 'POST', { code: meeting.signInCode });
    },
    changed: async (ctx, f) =>
      (await ctx.db.getRepository(MeetingAttendee).findBy({ meetingId: f.id })).some((a) => a.signedInAt !== null),
  },
  nominate: {
    action: 'nominate',
    meeting: 'official_notified',
    act: async (ctx, f) => {
      const unitRow = await ctx.db
        .getRepository(MeetingAttendee)
        .findOneByOrFail({ meetingId: f.id, departmentId: UNIT });
      return ctx.call(`/${f.id}/attendees/${unitRow.id}/nominate`, 'POST', { userIds: [UNIT_MEMBER] });
    },
    changed: async (ctx, f) => (await invitees(ctx, f.id)).includes(UNIT_MEMBER),
  },
};

// ---- the API ------------------------------------------------------------------------------------------------

describe.each(testDatabases())('who may do what with a meeting, through the API, on $name', (target) => {
  const NOW = new Date('2026-12-04T10:00:00+08:00');
  let clock = NOW;
  const office = { id: 'zhenglei', roles: [{ role: 'meeting_office' as const, scope: '*' }] };
  const demo = useDemoDuban(target, {
    users: Object.values(PERSONAS),
    clock: { now: () => clock, on: ['meetings', 'matters'] },
  });
  const api = demo.caller<Body>('/api/meetings');

  /** The meeting a row acts on, organised by `organiser` (made as 会务 make it, or as a DingTalk event leaves it). */
  async function fixture(kind: Situation['meeting'], organiser: string): Promise<Fixture> {
    const meetings = demo.duban.services().meetings;
    const colleague = colleagueOf(organiser);
    const base = {
      title: `权限测试会议（${kind}）`,
      startsAt: new Date('2026-12-08T09:00:00+08:00'),
      endsAt: new Date('2026-12-08T11:00:00+08:00'),
      organiserUserId: organiser,
      attendeeUserIds: [colleague],
    };
    if (kind === 'dingtalk_draft' || kind === 'adopted_draft') {
      const inserted = await demo.db.getRepository(Meeting).insert({
        type: 'other',
        title: base.title,
        startsAt: base.startsAt,
        endsAt: base.endsAt,
        status: 'draft',
        origin: 'calendar',
        calendarEventId: `permissions-${Math.random().toString(36).slice(2)}`,
        organiserUserId: organiser,
        external: { calendarId: 'primary', unionIds: [`union-${organiser}`] },
        needsSync: false,
      });
      const id = Number(inserted.identifiers[0]?.id);
      await demo.db.getRepository(MeetingAttendee).insert({ meetingId: id, userId: colleague, departmentId: null });
      if (kind === 'adopted_draft') await meetings.adopt(office, id);
      return { id, organiser };
    }
    const official = kind === 'official_draft' || kind === 'official_notified';
    const created = await meetings.create(office, {
      ...base,
      type: official ? 'executive' : 'other',
      attendeeDepartmentIds: official ? [UNIT] : [],
    });
    if (kind === 'ordinary_notified' || kind === 'official_notified') await meetings.notify(office, created.id);
    return { id: created.id, organiser };
  }

  /** What a refusal must leave as it was. */
  const snapshot = async (id: number | null) => ({
    meetings: await demo.db.getRepository(Meeting).count(),
    meeting: id ? await demo.db.getRepository(Meeting).findOneBy({ id }) : null,
    attendees: id
      ? await demo.db.getRepository(MeetingAttendee).find({ where: { meetingId: id }, order: { id: 'ASC' } })
      : [],
    audit: await demo.db.getRepository(AuditLog).count(),
    outbox: await demo.db.getRepository(OutboxNotification).count(),
    matters: await demo.db.getRepository(Matter).count(),
  });

  it.each(TABLE.cells)('$row as $column: allowed = $allowed', async ({ row, column, allowed }) => {
    clock = NOW;
    const situation = SITUATIONS[row];
    if (!situation) throw new Error(`no situation ${row}`);
    const userId = PERSONAS[column] as string;
    const f =
      situation.meeting === 'none'
        ? { id: 0, organiser: organiserFor(column) }
        : await fixture(situation.meeting, organiserFor(column));

    // permissions.ts decides this cell as the table says.
    const actor = { id: userId, roles: await demo.db.getRepository(UserRole).findBy({ userId }) };
    if (situation.meeting === 'none') {
      const standings = standingsOf(actor, { organiserUserId: null }, []);
      expect(allows(situation.action, standings, { adopted: true, official: false })).toBe(allowed);
    } else {
      const meeting = await demo.db.getRepository(Meeting).findOneByOrFail({ id: f.id });
      const rows = await demo.db.getRepository(MeetingAttendee).findBy({ meetingId: f.id });
      const standings = standingsOf(actor, meeting, rows, row === 'nominate' ? UNIT : undefined);
      const facts = await factsOf(demo.db.manager, meeting, rows);
      // A change that makes the meeting official is decided on what the meeting would become.
      if (situation.makesOfficial) facts.official = true;
      expect(allows(situation.action, standings, facts)).toBe(allowed);
    }

    const ctx: Context = {
      db: demo.db,
      call: (path, method, body) => api(userId, path, method, body),
      asInput: async (id, patch) => {
        const meeting = await meetingRow({ db: demo.db } as Context, id);
        const rows = await demo.db.getRepository(MeetingAttendee).findBy({ meetingId: id });
        return {
          type: meeting.type,
          title: meeting.title,
          startsAt: meeting.startsAt.toISOString(),
          endsAt: meeting.endsAt?.toISOString() ?? null,
          place: meeting.place,
          agenda: meeting.agenda,
          attendeeUserIds: rows.flatMap((r) => (r.userId ? [r.userId] : [])),
          attendeeDepartmentIds: rows.flatMap((r) => (!r.userId && r.departmentId ? [r.departmentId] : [])),
          ...patch,
        };
      },
      moveClock: (to) => {
        clock = to;
      },
    };
    const before = await snapshot(f.id || null);
    const res = await situation.act(ctx, f);
    if (allowed) {
      expect([res.status, res.body.error ?? null]).toEqual([expect.any(Number), null]);
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
      expect(await situation.changed(ctx, f, res)).toBe(true);
    } else if (situation.refusalShows) {
      expect(situation.refusalShows(res)).toBe(true);
      expect(await snapshot(f.id || null)).toEqual(before);
    } else {
      expect([res.status, res.body.error?.code]).toEqual([403, expect.stringMatching(/^(forbidden|not_invited)$/)]);
      expect(await snapshot(f.id || null)).toEqual(before);
    }
    clock = NOW;
  });
});
