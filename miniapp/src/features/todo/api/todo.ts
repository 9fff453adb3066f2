import { z } from 'zod';
import type { DeadlineState } from '@/components/deadline-tag';
import { apiRequest } from '@/lib/api-client';
import type { Me } from '@/lib/auth';
import { dueDateOf, todayInShanghai } from '@/lib/dates';
import { hasRole } from '@/lib/roles';
import { workdaysLeft } from '@/lib/workdays';

/** One thing waiting for the signed-in user, whatever area it comes from. */
export interface TodoItem {
  key: string;
  area: '公文' | '督办' | '会议' | '提醒';
  title: string;
  /** What is asked of the user: 拟办, 报送进展, 待评价… */
  action: string;
  detail: string | null;
  dueDate: string | null;
  deadline: DeadlineState | null;
  path: string;
}

const timing = z.object({
  dueDate: z.string(),
  overdue: z.boolean(),
  remainingWorkdays: z.number().nullable(),
  overdueWorkdays: z.number().nullable(),
  estimated: z.boolean().optional(),
});

const stepsSchema = z.object({
  steps: z.array(
    z.object({
      stepId: z.number(),
      stageLabel: z.string(),
      document: z.object({
        id: z.number(),
        title: z.string(),
        docNumber: z.string().nullable(),
        kindLabel: z.string(),
      }),
      deadline: timing.nullable(),
    }),
  ),
});

const mattersSchema = z.object({
  matters: z.array(
    z.object({
      id: z.number(),
      number: z.string(),
      title: z.string(),
      status: z.string(),
      statusName: z.string(),
      timeliness: z.string(),
      workdaysLeft: z.number().nullable(),
      workdaysOverdue: z.number().nullable().optional(),
      periodic: z.boolean(),
      leadDepartment: z.object({ name: z.string() }),
      deadline: z
        .object({ dueDate: z.string(), status: z.enum(['open', 'closed']), estimated: z.boolean().optional() })
        .nullable(),
    }),
  ),
});
type MatterRow = z.infer<typeof mattersSchema>['matters'][number];

const remindersSchema = z.object({
  upcoming: z.array(
    z.object({ deadlineId: z.number(), subjectType: z.string(), subjectId: z.number(), dueDate: z.string() }),
  ),
});

const meetingListSchema = z.object({
  meetings: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      typeName: z.string(),
      startsAt: z.string(),
      confirmBy: z.string().nullable(),
      mine: z.array(
        z.object({
          id: z.number(),
          userId: z.string().nullable(),
          unitName: z.string().nullable(),
          response: z.string(),
        }),
      ),
    }),
  ),
});

async function documentSteps(signal: AbortSignal): Promise<TodoItem[]> {
  const { steps } = await apiRequest('/documents/my-steps', stepsSchema, { signal });
  return steps.map((s) => ({
    key: `step-${s.stepId}`,
    area: '公文',
    title: s.document.title,
    action: `${s.document.kindLabel}${s.stageLabel}`,
    detail: s.document.docNumber,
    dueDate: s.deadline?.dueDate ?? null,
    deadline: s.deadline
      ? {
          dueDate: s.deadline.dueDate,
          workdaysLeft: s.deadline.remainingWorkdays,
          workdaysOverdue: s.deadline.overdueWorkdays,
          overdue: s.deadline.overdue,
          estimated: s.deadline.estimated,
        }
      : null,
    path: `/m/document/${s.document.id}?step=${s.stepId}`,
  }));
}

function matterItem(m: MatterRow, action: string, withDeadline: boolean): TodoItem {
  const open = withDeadline && m.deadline?.status === 'open';
  return {
    key: `matter-${m.id}-${action}`,
    area: '督办',
    title: m.title,
    action,
    detail: `${m.number} · ${m.leadDepartment.name}`,
    dueDate: open ? (m.deadline?.dueDate ?? null) : null,
    deadline:
      open && m.deadline
        ? {
            dueDate: m.deadline.dueDate,
            workdaysLeft: m.workdaysLeft,
            workdaysOverdue: m.workdaysOverdue,
            overdue: m.timeliness === 'overdue',
            estimated: m.deadline.estimated,
          }
        : null,
    path: `/m/matter/${m.id}`,
  };
}

const matters = (query: Record<string, string>, signal: AbortSignal) =>
  apiRequest('/supervision/matters', mattersSchema, { query: { ...query, limit: 200 }, signal }).then((r) => r.matters);

const decisionsSchema = z.object({
  requests: z.array(
    z.object({
      requestId: z.number(),
      matter: z.object({ id: z.number(), number: z.string(), title: z.string() }),
      decideBy: z.string(),
      decisionOverdue: z.boolean(),
    }),
  ),
});

/** A leader's 延期申请 to decide (本机关负责人), due on the office's decision deadline. */
async function decisionItems(signal: AbortSignal): Promise<TodoItem[]> {
  const { requests } = await apiRequest('/supervision/extension-requests', decisionsSchema, { signal });
  return Promise.all(
    requests.map(
      async (r): Promise<TodoItem> => ({
        key: `extension-${r.requestId}`,
        area: '督办',
        title: r.matter.title,
        action: '延期申请待审批',
        detail: r.matter.number,
        dueDate: r.decideBy,
        deadline: {
          dueDate: r.decideBy,
          workdaysLeft: r.decisionOverdue ? null : await workdaysLeft(r.decideBy),
          overdue: r.decisionOverdue,
        },
        path: `/m/matter/${r.matter.id}#extension-${r.requestId}`,
      }),
    ),
  );
}

const OPEN = 'assigned,accepted,in_progress';

/**
 * The matters waiting for the user: the lead unit's open matters (签收, 报送进展, 办结), a co-unit's 协办意见 still
 * owed (without a deadline: the completion deadline is the lead unit's), a leader's extension requests to decide.
 * The supervision office's work is its queue (督查室工作台), shown above the list.
 */
async function supervisionItems(me: Me, signal: AbortSignal): Promise<TodoItem[]> {
  if (isSupervisionOffice(me)) return [];
  if (hasRole(me.user, 'leader')) return decisionItems(signal);
  const [lead, co] = await Promise.all([
    matters({ status: OPEN, mine: 'lead' }, signal),
    matters({ status: OPEN, mine: 'co_opinion' }, signal),
  ]);
  return [
    ...lead.map((m) =>
      matterItem(m, m.status === 'assigned' ? '待签收' : m.periodic ? '报送月度进展' : '待办结', true),
    ),
    ...co.map((m) => matterItem(m, '报送协办意见', false)),
  ];
}

/** The role itself: an administrator without it has no 督查室 queue (the server refuses it too). */
export const isSupervisionOffice = (me: Me) => me.user.roles.some((r) => r.role === 'supervision_office');

const counted = z.object({ count: z.number() });
const queueSchema = z.object({ extensions: counted, returned: counted, overdue: counted, toEvaluate: counted });

/** 督查室工作台's sections and their counts; the items are on the queue page. */
export async function officeQueueCounts(signal: AbortSignal): Promise<{ key: string; title: string; count: number }[]> {
  const queue = await apiRequest('/supervision/queue', queueSchema, { signal });
  return [
    { key: 'extensions', title: '延期待审批', count: queue.extensions.count },
    { key: 'returned', title: '退回待改派', count: queue.returned.count },
    { key: 'overdue', title: '逾期未办结', count: queue.overdue.count },
    { key: 'toEvaluate', title: '办结待评价', count: queue.toEvaluate.count },
  ];
}

/**
 * The meetings to come that wait for the user's receipt, or for a unit head to name the unit's attendees; due at
 * the confirm-by time.
 */
async function meetingItems(me: Me, signal: AbortSignal): Promise<TodoItem[]> {
  const { meetings } = await apiRequest('/meetings', meetingListSchema, {
    query: { mine: 1, status: 'notified', from: todayInShanghai() },
    signal,
  });
  const waiting = meetings
    .filter((m) => Date.parse(m.startsAt) > Date.now())
    .flatMap((m) =>
      m.mine
        .filter((a) => a.response === 'pending' && (a.userId === me.user.id || !a.userId))
        .map((a) => ({ meeting: m, attendee: a })),
    );
  return Promise.all(
    waiting.map(async ({ meeting, attendee }): Promise<TodoItem> => {
      const confirmBy = meeting.confirmBy ?? meeting.startsAt;
      const dueDate = dueDateOf(confirmBy);
      const overdue = Date.parse(confirmBy) <= Date.now();
      return {
        key: `meeting-${meeting.id}-${attendee.id}`,
        area: '会议',
        title: meeting.title,
        action: attendee.userId ? '会议回执' : `确定${attendee.unitName ?? '本单位'}参会人员`,
        detail: meeting.typeName,
        dueDate,
        deadline: { dueDate, workdaysLeft: overdue ? null : await workdaysLeft(dueDate), overdue },
        path: `/m/meeting/${meeting.id}`,
      };
    }),
  );
}

/** Deadlines the bot reminds the user of that no other list shows here (reports, decisions). */
const REMINDED: Record<string, string> = {
  matter_period: '月度进展报送',
  extension_request: '延期申请审批',
};

async function reminderItems(signal: AbortSignal): Promise<TodoItem[]> {
  const { upcoming } = await apiRequest('/reminders/mine', remindersSchema, { query: { limit: 100 }, signal });
  return upcoming.flatMap((u) => {
    const action = REMINDED[u.subjectType];
    if (!action) return [];
    return [
      {
        key: `deadline-${u.deadlineId}`,
        area: '提醒',
        title: action,
        action: '待办理',
        detail: null,
        dueDate: u.dueDate,
        deadline: null,
        path: `/m/${u.subjectType}/${u.subjectId}`,
      },
    ];
  });
}

interface Todo {
  items: TodoItem[];
  /** The areas that could not be read just now (the rest is still shown). */
  failed: string[];
}

/** Everything waiting for the user, ordered by deadline: overdue first, undated last. */
export async function getTodo(me: Me, signal: AbortSignal): Promise<Todo> {
  const parts = await Promise.allSettled([
    documentSteps(signal),
    supervisionItems(me, signal),
    meetingItems(me, signal),
    reminderItems(signal),
  ]);
  const names = ['公文', '督办', '会议', '提醒'];
  const items = parts.flatMap((p) => (p.status === 'fulfilled' ? p.value : []));
  const failed = parts.flatMap((p, i) => (p.status === 'rejected' ? [names[i] as string] : []));
  if (failed.length === parts.length) throw (parts[0] as PromiseRejectedResult).reason;
  items.sort((a, b) => {
    if (a.dueDate === b.dueDate) return a.key.localeCompare(b.key);
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  });
  return { items, failed };
}
