/**
 * What the bot tells a unit about a matter: work notices, written to the outbox by the command that calls for
 * them. Each key names the event once (a matter, a request's decision, the n-th urge, redo or reassignment), so a
 * duplicate key can only be the same message again.
 */
import type { Matter } from '../../entities';
import type { NewNotification } from '../reminders/outbox';
import { chineseDate } from '../timelimits';
import { SOURCES } from './sources';

interface Notice {
  key: string;
  kind: string;
  recipientUserId: string;
  matterId: number;
  title: string;
  text: string;
}

function workNotice(n: Notice): NewNotification {
  return {
    idempotencyKey: n.key,
    channel: 'work_notice',
    kind: n.kind,
    recipientUserId: n.recipientUserId,
    recipientGroup: null,
    subjectType: 'matter',
    subjectId: n.matterId,
    payload: { title: n.title, text: n.text, linkPath: `/m/matter/${n.matterId}` },
  };
}

export function assignedNotice(matter: Matter, recipientUserId: string, dueDate: string): NewNotification {
  return workNotice({
    key: `assigned:${matter.id}`,
    kind: 'assigned',
    recipientUserId,
    matterId: matter.id,
    title: `新交办督办事项 ${matter.number}`,
    text: `${SOURCES[matter.source].name}：${matter.title}。办理期限：${chineseDate(dueDate)}。请及时签收办理。`,
  });
}

export function extensionRefusedNotice(
  matter: Matter,
  request: { id: number; requestedByUserId: string },
  note: string,
): NewNotification {
  return workNotice({
    key: `extension:${request.id}:refused`,
    kind: 'extension_decision',
    recipientUserId: request.requestedByUserId,
    matterId: matter.id,
    title: `延期申请未获批准 ${matter.number}`,
    text: `${matter.title}：延期申请未获批准（${note}），请按原期限办结。`,
  });
}

export function extensionApprovedNotice(
  matter: Matter,
  request: { id: number; requestedByUserId: string },
  dueDate: string,
): NewNotification {
  return workNotice({
    key: `extension:${request.id}:approved`,
    kind: 'extension_decision',
    recipientUserId: request.requestedByUserId,
    matterId: matter.id,
    title: `延期申请已批准 ${matter.number}`,
    text: `${matter.title}：办理期限延至${chineseDate(dueDate)}。`,
  });
}

/** `n`: this is the matter's n-th 退回重办. */
export function redoNotice(matter: Matter, recipientUserId: string, n: number, reason: string): NewNotification {
  return workNotice({
    key: `redo:${matter.id}:${n}`,
    kind: 'redo',
    recipientUserId,
    matterId: matter.id,
    title: `督办事项退回重办 ${matter.number}`,
    text: `${matter.title}：督查室退回重办（${reason}），请重新办理并按期办结。`,
  });
}

/** `n`: this is the matter's n-th 改派. */
export function reassignedNotice(
  matter: Matter,
  recipientUserId: string,
  n: number,
  leadName: string,
): NewNotification {
  return workNotice({
    key: `reassigned:${matter.id}:${n}`,
    kind: 'assigned',
    recipientUserId,
    matterId: matter.id,
    title: `改派督办事项 ${matter.number}`,
    text: `${matter.title}：已改由${leadName}牵头办理，请及时签收。`,
  });
}

/** `urgeCount`: the matter's count with this urge. */
export function urgeNotice(
  matter: Matter,
  recipientUserId: string,
  urgeCount: number,
  dueDate: string | null,
  note: string | null,
): NewNotification {
  return workNotice({
    key: `urge:${matter.id}:${urgeCount}`,
    kind: 'urge',
    recipientUserId,
    matterId: matter.id,
    title: `督办催办 ${matter.number}`,
    text:
      `${matter.title}${dueDate ? `（办理期限：${chineseDate(dueDate)}）` : ''}：督查室第${urgeCount}次催办，` +
      `请抓紧办理并及时反馈。${note ? `催办意见：${note}` : ''}`,
  });
}

const UNIT_NAMES = { workday: '个工作日', day: '日', month: '个月' } as const;

/** To each person who may decide the request; `decideBy`: the office's decision deadline (README). */
export function extensionRequestedNotice(
  matter: Matter,
  request: { id: number; amount: number; unit: keyof typeof UNIT_NAMES; reason: string },
  recipientUserId: string,
  decideBy: string,
): NewNotification {
  return workNotice({
    key: `extension:${request.id}:requested:${recipientUserId}`,
    kind: 'extension_request',
    recipientUserId,
    matterId: matter.id,
    title: `延期申请待审批 ${matter.number}`,
    text:
      `${matter.title}：申请延期${request.amount}${UNIT_NAMES[request.unit]}（${request.reason}）。` +
      `请于${chineseDate(decideBy)}前审批。`,
  });
}

/** `n`: the matter's n-th evaluation (a revision is a later one). */
export function evaluatedNotice(
  matter: Matter,
  recipientUserId: string,
  n: number,
  grade: string,
  comment: string | null,
): NewNotification {
  return workNotice({
    key: `evaluated:${matter.id}:${n}`,
    kind: 'evaluated',
    recipientUserId,
    matterId: matter.id,
    title: `督办事项${n > 1 ? '评价已修改' : '已评价'} ${matter.number}`,
    text: `${matter.title}：督查室评价为“${grade}”。${comment ? `评价意见：${comment}` : ''}`,
  });
}

/** To the lead unit: a co-unit's opinion (协办意见) on the matter it leads. */
export function coOpinionNotice(
  matter: Matter,
  recipientUserId: string,
  reportId: number,
  unitName: string,
): NewNotification {
  return workNotice({
    key: `co-opinion:${reportId}`,
    kind: 'co_opinion',
    recipientUserId,
    matterId: matter.id,
    title: `收到协办意见 ${matter.number}`,
    text: `${matter.title}：${unitName}已报送协办意见，请在办理中统筹吸收。`,
  });
}
