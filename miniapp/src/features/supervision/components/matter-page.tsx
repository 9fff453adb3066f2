import { Button, Card, List, Steps, Tag } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { DeadlineTag } from '@/components/deadline-tag';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { formatDate, formatInstant } from '@/lib/dates';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { getMatter, type MatterDetail } from '../api/matters';
import { ExtensionDecisionForm, MatterActions } from './matter-actions';
import { deadlineStateOf, LIGHT_COLORS } from './matter-deadline';

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
  'deadline.extended': '办理时限延长',
  'deadline.recomputed': '办理时限重新计算',
};

const EXTENSION_STATUS = { pending: '待审批', approved: '已同意', refused: '不同意' } as const;
const UNIT_NAMES: Record<string, string> = { day: '日', workday: '个工作日', month: '个月' };

/** One matter: what, who, by when; its progress, extensions and history; and what the user may do now. */
export function MatterPage() {
  const id = Number(useParams().id);
  const me = useMe();
  const matter = useRequest((signal) => getMatter(id, signal), [id]);
  usePageTitle(matter.data ? matter.data.number : '督办事项');

  if (!Number.isInteger(id) || id <= 0) return <Empty text="没有这个督办事项" />;
  if (matter.error && !matter.data) return <LoadFailed error={matter.error} onRetry={matter.reload} />;
  if (!matter.data) return <Loading />;
  return (
    <MatterView
      matter={matter.data}
      onChanged={matter.reload}
      canDecide={hasRole(me.user, 'supervision_office', 'leader')}
    />
  );
}

function MatterView({
  matter,
  onChanged,
  canDecide,
}: {
  matter: MatterDetail;
  onChanged: () => void;
  canDecide: boolean;
}) {
  const me = useMe();
  const [deciding, setDeciding] = useState<number | null>(null);
  const deadline = deadlineStateOf(matter);
  // A link to one report period or extension request (#period-12, #extension-3) scrolls to it and marks it.
  const anchor = useLocation().hash.slice(1);
  useEffect(() => {
    if (anchor) document.querySelector(`[data-anchor="${anchor}"]`)?.scrollIntoView({ block: 'center' });
  }, [anchor]);
  const marked = (key: string) => (key === anchor ? 'anchored' : undefined);
  return (
    <div className="page matter-page">
      <Card className="matter-head">
        <h1 className="matter-title">{matter.title}</h1>
        <div className="tag-row">
          <Tag fill="outline">{matter.sourceName}</Tag>
          <Tag color="primary">{matter.statusName}</Tag>
          <Tag color={LIGHT_COLORS[matter.light]} fill="outline">
            {matter.timelinessName}
          </Tag>
          {deadline ? <DeadlineTag state={deadline} /> : null}
        </div>
      </Card>

      <MatterActions matter={matter} me={me} onChanged={onChanged} />

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
            extra={formatDate(matter.deadline.dueDate)}
            description={
              matter.deadline.extended ? `原时限：${formatDate(matter.deadline.originalDueDate)}` : undefined
            }
          >
            办理时限
          </List.Item>
        ) : null}
        {matter.urgeCount > 0 ? <List.Item extra={`${matter.urgeCount}次`}>已催办</List.Item> : null}
      </List>

      {matter.content ? (
        <Card title="交办内容" className="text-card">
          <p className="pre-wrap">{matter.content}</p>
        </Card>
      ) : null}

      {matter.periodic && matter.periods.length ? (
        <List header="月度报送" mode="card">
          {matter.periods.map((p) => (
            <List.Item
              key={p.id}
              data-anchor={`period-${p.id}`}
              className={marked(`period-${p.id}`)}
              extra={p.reportedAt ? (p.metOnTime === false ? '逾期报送' : '已报送') : '未报送'}
              description={p.dueDate ? `报送时限：${formatDate(p.dueDate)}` : undefined}
            >
              {p.period}
            </List.Item>
          ))}
        </List>
      ) : null}

      <List header="进展情况" mode="card" className="reports">
        {matter.reports.length === 0 ? (
          <List.Item>尚未报送进展</List.Item>
        ) : (
          matter.reports.map((r) => (
            <List.Item key={r.id} description={`${r.userName} · ${formatInstant(r.reportedAt)}`}>
              <span className="pre-wrap">{r.content}</span>
            </List.Item>
          ))
        )}
      </List>

      {matter.extensions.length ? (
        <List header="延期申请" mode="card" className="extensions">
          {matter.extensions.map((e) => (
            <List.Item
              key={e.id}
              data-anchor={`extension-${e.id}`}
              className={marked(`extension-${e.id}`)}
              description={`${e.requestedBy.name} · ${formatInstant(e.requestedAt)} · 申请延至${formatInstant(e.requestedDueAt).slice(0, 10)}${e.decisionNote ? ` · 意见：${e.decisionNote}` : ''}`}
              extra={
                e.status === 'pending' && canDecide ? (
                  <Button size="mini" color="primary" onClick={() => setDeciding(e.id)}>
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
      ) : null}

      {matter.reply ? (
        <Card title="办理结果" className="text-card">
          <p className="pre-wrap">{matter.reply}</p>
          {matter.outcomeName ? <p className="muted">办理类别：{matter.outcomeName}</p> : null}
          {matter.satisfactionName ? <p className="muted">代表委员意见：{matter.satisfactionName}</p> : null}
        </Card>
      ) : null}

      {matter.evaluations.length ? (
        <List header="评价" mode="card">
          {matter.evaluations.map((e) => (
            <List.Item key={e.id} extra={e.gradeName} description={e.comment ?? undefined}>
              {e.evaluator.name}
            </List.Item>
          ))}
        </List>
      ) : null}

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

      {deciding !== null ? (
        <ExtensionDecisionForm
          matterId={matter.id}
          requestId={deciding}
          onClose={() => setDeciding(null)}
          onChanged={onChanged}
        />
      ) : null}
    </div>
  );
}
