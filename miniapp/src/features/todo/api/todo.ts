import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import type { Me } from '@/lib/auth';
import { dueDateOf, todayInShanghai } from '@/lib/dates';
import { getMyReminders, type MyReminders, type Reminded } from '@/lib/reminders';
import { hasRole } from '@/lib/roles';
import { type DeadlineState, stateOf, timingSchema } from '@/lib/timing';

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
  /** The deadlines it stands for (`subjectType:subjectId`), as the bot's reminders name them. */
  subjects: string[];
}

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
      deadline: timingSchema.nullable(),
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
    deadline: s.deadline ? stateOf(s.deadline) : null,
    path: `/m/document/${s.document.id}?step=${s.stepId}`,
    subjects: [`document_step:${s.stepId}`, `document:${s.document.id}`],
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
    subjects: [`matter:${m.id}`],
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
      decision: timingSchema,
    }),
  ),
});

/** A leader's 延期申请 to decide (本机关负责人), due on the office's decision deadline. */
async function decisionItems(signal: AbortSignal): Promise<TodoItem[]> {
  const { requests } = await apiRequest('/supervision/extension-requests', decisionsSchema, { signal });
  return requests.map(
    (r): TodoItem => ({
      key: `extension-${r.requestId}`,
      area: '督办',
      title: r.matter.title,
      action: '延期申请待审批',
      detail: r.matter.number,
      dueDate: r.decideBy,
      deadline: stateOf(r.decision),
      path: `/m/matter/${r.matter.id}#extension-${r.requestId}`,
      subjects: [`extension_request:${r.requestId}`],
    }),
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
  return waiting.map(({ meeting, attendee }): TodoItem => {
    const confirmBy = meeting.confirmBy ?? meeting.startsAt;
    const dueDate = dueDateOf(confirmBy);
    return {
      key: `meeting-${meeting.id}-${attendee.id}`,
      area: '会议',
      title: meeting.title,
      action: attendee.userId ? '会议回执' : `确定${attendee.unitName ?? '本单位'}参会人员`,
      detail: meeting.typeName,
      dueDate,
      deadline: { dueDate, workdaysLeft: null, overdue: Date.parse(confirmBy) <= Date.now() },
      path: `/m/meeting/${meeting.id}`,
      subjects: [`meeting_attendee:${attendee.id}`],
    };
  });
}

/**
 * The server's count for every item it reminds the user of (one count, at the moment of asking), and an item of
 * its own for each deadline the bot speaks to the user of that no other list shows here (monthly reports, paper
 * documents, others' overdue work escalated to them…): what a reminder speaks of is always in 待办.
 */
function withReminders(
  items: TodoItem[],
  { upcoming, watching }: Pick<MyReminders, 'upcoming' | 'watching'>,
): TodoItem[] {
  const bySubject = new Map(upcoming.map((u) => [`${u.subjectType}:${u.subjectId}`, u]));
  const shown = new Set<string>();
  const counted = items.map((item) => {
    const reminded = item.subjects.map((s) => bySubject.get(s)).find((u) => u !== undefined);
    for (const s of item.subjects) shown.add(s);
    return reminded ? { ...item, dueDate: reminded.dueDate, deadline: stateOf(reminded) } : item;
  });
  const itemOf = (u: Reminded, action: string, detail: string | null): TodoItem => ({
    key: `deadline-${u.deadlineId}`,
    area: '提醒',
    title: u.name ?? '待办事项',
    action,
    detail,
    dueDate: u.dueDate,
    deadline: stateOf(u),
    path: u.path,
    subjects: [`${u.subjectType}:${u.subjectId}`],
  });
  const unshown = <T extends Reminded>(list: T[]) => list.filter((u) => !shown.has(`${u.subjectType}:${u.subjectId}`));
  return [
    ...counted,
    ...unshown(upcoming).map((u) => itemOf(u, u.action ?? '待办理', null)),
    ...unshown(watching).map((u) =>
      itemOf(u, '督促办理', [u.unitName, u.assigneeName && `承办人：${u.assigneeName}`].filter(Boolean).join(' · ')),
    ),
  ];
}

const reminded = (signal: AbortSignal) => getMyReminders(signal, 100);

interface Todo {
  items: TodoItem[];
  /** The areas that could not be read just now (the rest is still shown). */
  failed: string[];
}

/** Everything waiting for the user, ordered by deadline: overdue first, undated last. */
export async function getTodo(me: Me, signal: AbortSignal): Promise<Todo> {
  const [upcoming, ...parts] = await Promise.allSettled([
    reminded(signal),
    documentSteps(signal),
    supervisionItems(me, signal),
    meetingItems(me, signal),
  ]);
  const names = ['公文', '督办', '会议'];
  const items = withReminders(
    parts.flatMap((p) => (p.status === 'fulfilled' ? p.value : [])),
    upcoming.status === 'fulfilled' ? upcoming.value : { upcoming: [], watching: [] },
  );
  const failed = [
    ...parts.flatMap((p, i) => (p.status === 'rejected' ? [names[i] as string] : [])),
    ...(upcoming.status === 'rejected' ? ['提醒'] : []),
  ];
  if (failed.length === parts.length + 1) throw (parts[0] as PromiseRejectedResult).reason;
  items.sort((a, b) => {
    if (a.dueDate === b.dueDate) return a.key.localeCompare(b.key);
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  });
  return { items, failed };
}
