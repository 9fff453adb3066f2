import { Button, CapsuleTabs, List, Tag } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatInstant } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { getIncident, getIncidentRecipients, getIncidents, type Incident, type IncidentLimit } from '../api/incidents';
import { IncidentForm, ReportForm } from './incident-forms';
import './incident.css';

/** Now, again every 15 seconds: the limits count down while the page is open. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const span = (minutes: number) =>
  minutes >= 60 ? `${Math.floor(minutes / 60)}小时${minutes % 60 ? `${minutes % 60}分钟` : ''}` : `${minutes}分钟`;

/** 剩余N分钟, 已超时N分钟 (red), 已报送 (迟报N分钟 in red), 已终报. */
export function LimitState({ limit, now }: { limit: IncidentLimit; now: number }) {
  if (limit.status === 'met') {
    return limit.lateMinutes ? (
      <span className="incident-late">已报送，迟报{span(limit.lateMinutes)}</span>
    ) : (
      <span className="incident-met">已按时报送</span>
    );
  }
  if (limit.status === 'closed') return <span className="muted">已终报</span>;
  const left = Math.ceil((Date.parse(limit.dueAt) - now) / 60_000);
  if (left <= 0) {
    return (
      <span className="incident-late">
        已超时{span(Math.max(1, Math.floor((now - Date.parse(limit.dueAt)) / 60_000)))}
      </span>
    );
  }
  return <span className={left <= 5 ? 'incident-soon' : 'incident-left'}>剩余{span(left)}</span>;
}

function levelColor(level: string) {
  return level === 'general' ? 'primary' : level === 'large' ? 'warning' : 'danger';
}

/** One incident in a list: level, place and class, 接报时间, and its next open limit. */
function IncidentItem({ incident, now, onClick }: { incident: Incident; now: number; onClick: () => void }) {
  const next = incident.limits.find((l) => l.status === 'open');
  return (
    <List.Item
      onClick={onClick}
      description={`接报 ${formatInstant(incident.knownAt)} · ${incident.summary}`}
      extra={
        incident.open ? (
          next ? (
            <span className="incident-next">
              {next.name}
              <br />
              <LimitState limit={next} now={now} />
            </span>
          ) : (
            '处置中'
          )
        ) : (
          '已终报'
        )
      }
    >
      <span className="incident-title">
        <Tag color={levelColor(incident.level)}>{incident.levelName}</Tag>
        {incident.place} {incident.categoryName}
      </span>
    </List.Item>
  );
}

const FILTERS = [
  { key: 'open', title: '处置中' },
  { key: 'all', title: '全部' },
];

/** 应急值班信息: 报送突发事件 for the person on duty and 会务, and the incidents, open ones first. */
export function IncidentsPage() {
  usePageTitle('应急值班信息');
  const navigate = useNavigate();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const filter = params.get('filter') ?? 'open';
  const list = useRequest((signal) => getIncidents(filter === 'open' ? { open: true } : {}, signal), [filter]);
  const [adding, setAdding] = useState(false);
  return (
    <div className="page incidents-page">
      {list.data?.canRecord ? (
        <Button block color="danger" className="incident-add" onClick={() => setAdding(true)}>
          报送突发事件
        </Button>
      ) : null}
      <CapsuleTabs activeKey={filter} onChange={(key) => setParams({ filter: key }, { replace: true })}>
        {FILTERS.map((f) => (
          <CapsuleTabs.Tab key={f.key} title={f.title} />
        ))}
      </CapsuleTabs>
      {list.error && !list.data ? <LoadFailed error={list.error} onRetry={list.reload} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data ? (
        <List mode="card" header={`突发事件（${list.data.total}起）`}>
          {list.data.incidents.length === 0 ? <List.Item>暂无突发事件信息</List.Item> : null}
          {list.data.incidents.map((i) => (
            <IncidentItem key={i.id} incident={i} now={now} onClick={() => navigate(`/m/incident/${i.id}`)} />
          ))}
        </List>
      ) : null}
      <IncidentForm
        visible={adding}
        onClose={() => setAdding(false)}
        onSaved={(incident) => navigate(`/m/incident/${incident.id}`)}
      />
    </div>
  );
}

/** The incident: its facts, its limits counting down, the reports recorded, and 登记报送 for who may. */
export function IncidentPage() {
  const { id } = useParams();
  usePageTitle('突发事件信息');
  const now = useNow();
  const incident = useRequest((signal) => getIncident(Number(id), signal), [id]);
  const recipients = useRequest((signal) => getIncidentRecipients(signal), []);
  const [reporting, setReporting] = useState(false);
  const [saved, setSaved] = useState<Incident | null>(null);
  if (incident.error && !incident.data) return <LoadFailed error={incident.error} onRetry={incident.reload} />;
  if (!incident.data) return <Loading />;
  const i = saved && saved.id === incident.data.id ? saved : incident.data;

  return (
    <div className="page incident-page">
      <List mode="card" header="报送时限">
        {i.limits.map((l) => (
          <List.Item
            key={l.id}
            className={`incident-limit incident-limit-${l.status}`}
            description={`时限 ${formatInstant(l.dueAt)}`}
            extra={<LimitState limit={l} now={now} />}
          >
            {l.name}
          </List.Item>
        ))}
        {i.open ? null : <List.Item extra={formatInstant(i.closedAt ?? '')}>已终报</List.Item>}
      </List>
      {i.canReport ? (
        <div className="incident-actions">
          <Button block color="primary" onClick={() => setReporting(true)}>
            登记报送
          </Button>
        </div>
      ) : null}
      <List mode="card" header="事件信息">
        <List.Item extra={<Tag color={levelColor(i.level)}>{i.levelName}</Tag>}>{i.categoryName}</List.Item>
        <List.Item extra={i.place}>事发地点</List.Item>
        <List.Item extra={formatInstant(i.occurredAt)}>事发时间</List.Item>
        <List.Item extra={formatInstant(i.knownAt)}>接报时间</List.Item>
        <List.Item description={i.summary}>事件概要</List.Item>
        <List.Item extra={i.source}>信息来源</List.Item>
        <List.Item description={i.measures ?? '未填写'}>已采取的措施</List.Item>
        <List.Item extra={i.recordedBy.name}>登记人</List.Item>
      </List>
      <List mode="card" header={`报送记录（${i.reports.length}条）`} className="incident-reports">
        {i.reports.length === 0 ? <List.Item>尚未报送</List.Item> : null}
        {i.reports.map((r) => (
          <List.Item
            key={r.id}
            description={`${formatInstant(r.reportedAt)} · ${r.channelName} · ${r.reporter}${r.content ? ` · ${r.content}` : ''}`}
            extra={r.lateMinutes ? <span className="incident-late">迟报{span(r.lateMinutes)}</span> : null}
          >
            {r.kindName} → {r.recipient}
          </List.Item>
        ))}
      </List>
      {i.canReport ? (
        <ReportForm
          visible={reporting}
          incident={i}
          recipients={recipients.data ?? []}
          onClose={() => setReporting(false)}
          onSaved={setSaved}
        />
      ) : null}
    </div>
  );
}
