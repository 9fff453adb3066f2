import { ROLE_NAMES, type Role } from '@/lib/roles';

export { actionName } from './action-names';

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
  { label: '提醒设置', value: 'reminder_setting.' },
  { label: '群机器人', value: 'group_robot.' },
  { label: '值班', value: 'duty.' },
  { label: '信访接待', value: 'petition_visit.' },
  { label: '电话记录', value: 'phone_call.' },
  { label: '调研报告', value: 'research_' },
  { label: '办公室台账', value: 'office_' },
];

export const SUBJECT_TYPES: { label: string; value: string }[] = [
  { label: '用户', value: 'user' },
  { label: '公文', value: 'document' },
  { label: '督办事项', value: 'matter' },
  { label: '会议', value: 'meeting' },
  { label: '审批模板', value: 'document_template' },
  { label: '时限规则', value: 'time_limit_rule' },
  { label: '日历调整', value: 'calendar_override' },
  { label: '期限', value: 'deadline' },
  { label: '提醒设置', value: 'reminder_setting' },
  { label: '群机器人', value: 'group_robot' },
  { label: '值班表', value: 'duty_roster' },
  { label: '值班班次', value: 'duty_shift' },
  { label: '换班申请', value: 'duty_swap' },
  { label: '突发事件', value: 'duty_incident' },
  { label: '应急报送时限', value: 'duty_incident_rule' },
  { label: '信访接待', value: 'petition_visit' },
  { label: '电话记录', value: 'phone_call' },
  { label: '调研报告', value: 'research_report' },
  { label: '荣誉', value: 'office_honour' },
  { label: '接待', value: 'office_reception' },
  { label: '简报', value: 'office_brief' },
  { label: '台账', value: 'office_ledger' },
  { label: '台账记录', value: 'office_ledger_entry' },
  { label: '政务信息', value: 'information_item' },
  { label: '政务信息计分规则', value: 'information_score_rule' },
  { label: '政务信息排名', value: 'information_ranking' },
];

export const subjectName = (type: string) => SUBJECT_TYPES.find((s) => s.value === type)?.label ?? type;
