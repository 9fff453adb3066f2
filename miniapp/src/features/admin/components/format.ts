import { ROLE_NAMES, type Role } from '@/lib/roles';

/** A role as an administrator reads it: 单位负责人（区财政局）. */
export const roleText = (r: { role: Role; scopeName: string | null }) =>
  r.scopeName ? `${ROLE_NAMES[r.role]}（${r.scopeName}）` : ROLE_NAMES[r.role];

/** The kinds of change the audit log is filtered by: the start of their action. */
export const ACTION_GROUPS: { label: string; value: string }[] = [
  { label: '用户与角色', value: 'user.' },
  { label: '公文', value: 'document.' },
  { label: '督办', value: 'matter.' },
  { label: '会议', value: 'meeting.' },
  { label: '日历', value: 'calendar.' },
  { label: '时限规则', value: 'timelimit.' },
  { label: '期限', value: 'deadline.' },
];

const ACTION_NAMES: Record<string, string> = {
  'user.role.granted': '授予角色',
  'user.role.revoked': '撤销角色',
  'user.sessions.ended': '强制退出登录',
  'document.template.set': '配置审批模板',
  'calendar.override.set': '调整日历',
  'calendar.override.remove': '撤销日历调整',
  'calendar.notice.loaded': '载入放假通知',
  'timelimit.rule.set': '修改时限规则',
  'deadline.recomputed': '重算期限',
  'deadline.extended': '延长期限',
  'document.registered': '登记公文',
  'document.closed': '公文办结',
  'document.step.assigned': '分送公文',
  'document.step.completed': '办理公文环节',
  'document.task.executed': '审批公文',
  'matter.assigned': '交办事项',
  'matter.imported': '导入事项',
  'matter.accepted': '签收事项',
  'matter.progress_reported': '报送进展',
  'matter.co_opinion_reported': '报送协办意见',
  'matter.completed': '事项办结',
  'matter.urged': '催办',
  'matter.returned': '退回事项',
  'matter.redo': '要求重办',
  'matter.reassigned': '改派事项',
  'matter.extension_requested': '申请延期',
  'matter.extension_approved': '同意延期',
  'matter.extension_refused': '不同意延期',
  'matter.feedback_recorded': '记录答复反馈',
  'matter.evaluation_revised': '修改评价',
  'meeting.created': '新建会议',
  'meeting.updated': '修改会议',
  'meeting.notified': '发送会议通知',
  'meeting.rescheduled': '会议改期',
  'meeting.cancelled': '取消会议',
  'meeting.adopted': '认领会议',
  'meeting.signed_in': '会议签到',
  'meeting.decision.recorded': '记录议定事项',
  'meeting.discipline_notice.issued': '印发会风会纪通报',
  'meeting.discipline_notice.withdrawn': '撤回会风会纪通报',
  'bulletin.published': '发布督查通报',
  'reminders.outbox.retry': '重发提醒',
};

/** An action in words where we have them, else as recorded. */
export const actionName = (action: string) => ACTION_NAMES[action] ?? action;

export const SUBJECT_TYPES: { label: string; value: string }[] = [
  { label: '用户', value: 'user' },
  { label: '公文', value: 'document' },
  { label: '督办事项', value: 'matter' },
  { label: '会议', value: 'meeting' },
  { label: '审批模板', value: 'document_template' },
  { label: '时限规则', value: 'time_limit_rule' },
  { label: '日历调整', value: 'calendar_override' },
  { label: '期限', value: 'deadline' },
];

export const subjectName = (type: string) => SUBJECT_TYPES.find((s) => s.value === type)?.label ?? type;
