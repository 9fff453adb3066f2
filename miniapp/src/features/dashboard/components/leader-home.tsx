import { Button, Dialog, List, Popup, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { errorText } from '@/lib/api-client';
import { addDays, dateOfInstant, formatClock, formatDate, todayInShanghai } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { getMattersOf, getMyMeetings, getMySteps, getOverdueByUnit, urgeMatter } from '../api/dashboard';

/**
 * A leader's first screen, above their 待办: what needs their attention today — overdue matters by unit (催办 in one
 * tap), the documents waiting for their 批示/签发, and today's and tomorrow's meetings.
 */
export function LeaderHome() {
  const today = todayInShanghai();
  const year = Number(today.slice(0, 4));
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null);
  return (
    <div className="leader-home">
      <OverdueUnits year={year} onOpen={setUnit} />
      <AwaitingMe />
      <Meetings today={today} />
      <Popup visible={unit !== null} onMaskClick={() => setUnit(null)} destroyOnClose bodyClassName="drill-popup">
        {unit ? <UnitOverdue year={year} unit={unit} /> : null}
      </Popup>
    </div>
  );
}

function OverdueUnits({ year, onOpen }: { year: number; onOpen: (unit: { id: string; name: string }) => void }) {
  const ranking = useRequest((signal) => getOverdueByUnit(year, signal), [year]);
  if (ranking.error) return <LoadFailed error={ranking.error} onRetry={ranking.reload} />;
  if (!ranking.data) return <Loading />;
  return (
    <List header="逾期未办结 · 按单位" mode="card" className="leader-overdue">
      {ranking.data.length === 0 ? <List.Item>目前没有逾期未办结的事项</List.Item> : null}
      {ranking.data.map((u) => (
        <List.Item
          key={u.id}
          data-unit={u.id}
          prefix={<span className={`rank rank-${u.rank}`}>{u.rank}</span>}
          extra={<span className="text-danger">逾期{u.count}项</span>}
          onClick={() => onOpen(u)}
        >
          {u.name}
        </List.Item>
      ))}
    </List>
  );
}

/** One unit's overdue matters, each to open or to urge (after a confirmation: an urge is counted and notified). */
function UnitOverdue({ year, unit }: { year: number; unit: { id: string; name: string } }) {
  const navigate = useNavigate();
  const matters = useRequest((signal) => getMattersOf(year, 'overdue', signal), [year]);
  if (matters.error) return <LoadFailed error={matters.error} onRetry={matters.reload} />;
  if (!matters.data) return <Loading />;
  const rows = matters.data.filter((m) => m.leadDepartment.id === unit.id);

  const urge = async (id: number, title: string) => {
    const confirmed = await Dialog.confirm({
      title: '确认催办',
      content: `将以钉钉工作通知催办「${title}」，催办次数计入考核。`,
      confirmText: '确认催办',
    });
    if (!confirmed) return;
    try {
      await urgeMatter(id);
      Toast.show({ icon: 'success', content: '已催办' });
      matters.reload();
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err) });
    }
  };

  return (
    <div className="drill-down">
      <div className="form-popup-title">
        {unit.name} · 逾期未办结（{rows.length}项）
      </div>
      {rows.length === 0 ? (
        <Empty text="没有逾期未办结的事项" />
      ) : (
        <List>
          {rows.map((m) => (
            <List.Item
              key={m.id}
              onClick={() => navigate(`/m/matter/${m.id}`)}
              description={`${m.number}${m.deadline ? ` · 时限${formatDate(m.deadline.dueDate)}` : ''}${m.urgeCount ? ` · 已催办${m.urgeCount}次` : ''}`}
              extra={
                <Button
                  size="mini"
                  color="danger"
                  fill="outline"
                  onClick={(e) => {
                    e.stopPropagation();
                    void urge(m.id, m.title);
                  }}
                >
                  催办
                </Button>
              }
            >
              {m.title}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

function AwaitingMe() {
  const navigate = useNavigate();
  const steps = useRequest((signal) => getMySteps(signal), []);
  if (steps.error) return <LoadFailed error={steps.error} onRetry={steps.reload} />;
  if (!steps.data) return <Loading />;
  return (
    <List header="待我批示、签发" mode="card" className="leader-steps">
      {steps.data.length === 0 ? <List.Item>暂无待批示、签发的公文</List.Item> : null}
      {steps.data.map((s) => (
        <List.Item
          key={s.stepId}
          onClick={() => navigate(`/m/document_step/${s.stepId}`)}
          description={
            s.deadline ? (
              <span className={s.deadline.overdue ? 'text-danger' : undefined}>
                {s.deadline.overdue ? '已逾期，' : ''}时限{formatDate(s.deadline.dueDate)}
              </span>
            ) : undefined
          }
          extra={s.stageLabel}
        >
          {s.document.title}
        </List.Item>
      ))}
    </List>
  );
}

function Meetings({ today }: { today: string }) {
  const navigate = useNavigate();
  const tomorrow = addDays(today, 1);
  const meetings = useRequest((signal) => getMyMeetings(today, tomorrow, signal), [today]);
  if (meetings.error) return <LoadFailed error={meetings.error} onRetry={meetings.reload} />;
  if (!meetings.data) return <Loading />;
  return (
    <List header="今明两日会议" mode="card" className="leader-meetings">
      {meetings.data.length === 0 ? <List.Item>今明两日没有会议安排</List.Item> : null}
      {meetings.data.map((m) => (
        <List.Item
          key={m.id}
          onClick={() => navigate(`/m/meeting/${m.id}`)}
          description={m.place ?? undefined}
          extra={`${dateOfInstant(m.startsAt) === today ? '今天' : '明天'} ${formatClock(m.startsAt)}`}
        >
          {m.title}
        </List.Item>
      ))}
    </List>
  );
}
