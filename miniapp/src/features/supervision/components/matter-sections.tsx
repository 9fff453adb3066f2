import { Button, Card, List, Steps, Tag } from 'antd-mobile';
import { DeadlineTag } from '@/components/deadline-tag';
import { EstimateMark } from '@/components/estimate-mark';
import { dueDateOf, formatDate, formatInstant } from '@/lib/dates';
import { stateOf } from '@/lib/timing';
import type { MatterDetail } from '../api/matters';

const ACTION_NAMES: Record<string, string> = {
  'matter.assigned': '交办',
  'matter.imported': '导入',
  'matter.accepted': '签收',
  'matter.progress_reported': '报送进展',
  'matter.extension_requested': '申请延期',
  'matter.extension_approved': '同意延期',
  'matter.extension_refused': '不同意延期',
  'matter.completed': '办结',
  'matter.returned': '退回',
  'matter.redo': '退回重办',
  'matter.reassigned': '改派',
  'matter.urged': '催办',
  'matter.feedback_recorded': '登记代表委员意见',
  'matter.evaluated': '评价',
  'matter.evaluation_revised': '修改评价',
  'matter.co_opinion_reported': '报送协办意见',
  'deadline.extended': '办理时限延长',
  'deadline.recomputed': '办理时限重新计算',
};

const EXTENSION_STATUS = { pending: '待审批', approved: '已同意', refused: '不同意' } as const;
const UNIT_NAMES: Record<string, string> = { day: '日', workday: '个工作日', month: '个月' };

/** The class that marks the item the page was linked to (#period-12, #extension-3). */
type Marked = (key: string) => string | undefined;

/** 基本情况: number, units, people and dates of the matter. */
export function MatterBasics({ matter }: { matter: MatterDetail }) {
  return (
    <List header="基本情况" mode="card">
      <List.Item extra={matter.number}>督办编号</List.Item>
      <List.Item extra={matter.leadDepartment.name}>牵头单位</List.Item>
      {matter.coDepartments.length ? (
        <List.Item extra={matter.coDepartments.map((d) => d.name).join('、')}>协办单位</List.Item>
      ) : null}
      {matter.responsible ? <List.Item extra={matter.responsible.name}>责任人</List.Item> : null}
      {matter.assignedBy ? <List.Item extra={matter.assignedBy.name}>交办领导</List.Item> : null}
      {matter.proposer ? <List.Item extra={matter.proposer}>提出人</List.Item> : null}
      <List.Item extra={formatInstant(matter.assignedAt)}>交办时间</List.Item>
      {matter.deadline ? (
        <List.Item
          extra={
            <>
              {formatDate(matter.deadline.dueDate)}
              {matter.deadline.estimated ? <EstimateMark date={matter.deadline.dueDate} /> : null}
            </>
          }
          description={matter.deadline.extended ? `原时限：${formatDate(matter.deadline.originalDueDate)}` : undefined}
        >
          办理时限
        </List.Item>
      ) : null}
      {matter.urgeCount > 0 ? <List.Item extra={`${matter.urgeCount}次`}>已催办</List.Item> : null}
    </List>
  );
}

/** `2026-07` → 2026年7月, `2026-Q3` → 2026年第3季度. */
function periodName(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `${month[1]}年${Number(month[2])}月`;
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(period);
  return quarter ? `${quarter[1]}年第${quarter[2]}季度` : period;
}

/** 月度报送: whether each period of a periodic matter was reported (on time or not), or where it stands now. */
export function PeriodList({ matter, marked }: { matter: MatterDetail; marked: Marked }) {
  return (
    <List header="月度报送" mode="card">
      {matter.periods.map((p) => (
        <List.Item
          key={p.id}
          data-anchor={`period-${p.id}`}
          className={marked(`period-${p.id}`)}
          extra={
            p.reportedAt ? (
              p.metOnTime === false ? (
                '逾期报送'
              ) : (
                '已报送'
              )
            ) : p.timing ? (
              <DeadlineTag state={stateOf(p.timing)} />
            ) : (
              '未报送'
            )
          }
          description={p.dueDate ? `报送时限：${formatDate(p.dueDate)}` : undefined}
        >
          {periodName(p.period)}
        </List.Item>
      ))}
    </List>
  );
}

/** 进展情况: the lead unit's progress reports and the co-units' opinions (协办意见). */
export function ReportList({ matter }: { matter: MatterDetail }) {
  return (
    <List header="进展情况" mode="card" className="reports">
      {matter.reports.length === 0 ? (
        <List.Item>尚未报送进展</List.Item>
      ) : (
        matter.reports.map((r) => (
          <List.Item key={r.id} description={`${r.userName} · ${formatInstant(r.reportedAt)}`}>
            {r.coDepartment ? <Tag fill="outline">{`${r.coDepartment.name}协办意见`}</Tag> : null}
            <span className="pre-wrap">{r.content}</span>
          </List.Item>
        ))
      )}
    </List>
  );
}

/** 延期申请: each request and its decision; a pending one offers 审批 to whoever may decide it. */
export function ExtensionList({
  matter,
  marked,
  canDecide,
  onDecide,
}: {
  matter: MatterDetail;
  marked: Marked;
  canDecide: boolean;
  onDecide: (requestId: number) => void;
}) {
  return (
    <List header="延期申请" mode="card" className="extensions">
      {matter.extensions.map((e) => (
        <List.Item
          key={e.id}
          data-anchor={`extension-${e.id}`}
          className={marked(`extension-${e.id}`)}
          description={`${e.requestedBy.name} · ${formatInstant(e.requestedAt)} · 申请延至${formatDate(dueDateOf(e.requestedDueAt))}${e.decisionNote ? ` · 意见：${e.decisionNote}` : ''}`}
          extra={
            e.status === 'pending' && canDecide ? (
              <Button size="mini" color="primary" onClick={() => onDecide(e.id)}>
                审批
              </Button>
            ) : (
              EXTENSION_STATUS[e.status]
            )
          }
        >
          延长{e.amount}
          {UNIT_NAMES[e.unit] ?? e.unit}：{e.reason}
        </List.Item>
      ))}
    </List>
  );
}

/** 办理记录: everything done to the matter, oldest first. */
export function MatterHistory({ matter }: { matter: MatterDetail }) {
  return (
    <Card title="办理记录" className="history">
      <Steps direction="vertical" current={matter.history.length - 1}>
        {matter.history.map((h, i) => (
          <Steps.Step
            // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only and shown in order.
            key={i}
            title={`${ACTION_NAMES[h.action] ?? h.action} · ${h.actorName}`}
            description={`${formatInstant(h.at)}${h.reason ? ` · ${h.reason}` : ''}`}
          />
        ))}
      </Steps>
    </Card>
  );
}
