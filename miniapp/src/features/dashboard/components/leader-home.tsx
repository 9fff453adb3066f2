import { Dialog, List, Popup } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { CardList } from '@/components/card-list';
import { LoadFailed, Loading } from '@/components/page-state';
import { ItemButton } from '@/components/record-item';
import { toastAction } from '@/components/toast-action';
import { dateOfInstant, formatClock, formatDate, todayInShanghai } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { getLeaderHome, getMattersOf, type LeaderHome as Home, urgeMatter } from '../api/dashboard';
import { MatterDrill } from './matter-drill';
import { OverdueRanking } from './overdue-ranking';

/**
 * A leader's first screen, above their 待办: what needs their attention today — overdue matters by unit (催办 in one
 * tap), the documents waiting for their 批示/签发, and today's and tomorrow's meetings — from one request.
 */
export function LeaderHome() {
  const year = Number(todayInShanghai().slice(0, 4));
  const home = useRequest((signal) => getLeaderHome(year, signal), [year]);
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null);
  if (home.error) return <LoadFailed error={home.error} onRetry={home.reload} />;
  if (!home.data) return <Loading />;
  return (
    <div className="leader-home">
      <OverdueRanking
        units={home.data.overdueByUnit}
        header="逾期未办结 · 按单位"
        className="leader-overdue"
        countText={(count) => `逾期${count}项`}
        onOpen={setUnit}
      />
      <AwaitingMe steps={home.data.mySteps} />
      <Meetings today={home.data.today} meetings={home.data.meetings} />
      <Popup visible={unit !== null} onMaskClick={() => setUnit(null)} destroyOnClose bodyClassName="drill-popup">
        {unit ? <UnitOverdue year={year} unit={unit} /> : null}
      </Popup>
    </div>
  );
}

/** One unit's overdue matters, each to open or to urge (after a confirmation: an urge is counted and notified). */
function UnitOverdue({ year, unit }: { year: number; unit: { id: string; name: string } }) {
  const matters = useRequest((signal) => getMattersOf(year, 'overdue', unit.id, signal), [year, unit.id]);
  if (matters.error) return <LoadFailed error={matters.error} onRetry={matters.reload} />;
  if (!matters.data) return <Loading />;

  const urge = async (id: number, title: string) => {
    const confirmed = await Dialog.confirm({
      title: '确认催办',
      content: `将以钉钉工作通知催办「${title}」，催办次数计入考核。`,
      confirmText: '确认催办',
    });
    if (confirmed) await toastAction(() => urgeMatter(id), '已催办', matters.reload);
  };

  return (
    <MatterDrill
      title={`${unit.name} · 逾期未办结`}
      rows={matters.data}
      empty="没有逾期未办结的事项"
      withUnit={false}
      extra={(m) => (
        <ItemButton color="danger" onClick={() => void urge(m.id, m.title)}>
          催办
        </ItemButton>
      )}
    />
  );
}

function AwaitingMe({ steps }: { steps: Home['mySteps'] }) {
  const navigate = useNavigate();
  return (
    <CardList header="待我批示、签发" className="leader-steps" count={steps.length} empty="暂无待批示、签发的公文">
      {steps.map((s) => (
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
    </CardList>
  );
}

function Meetings({ today, meetings }: { today: string; meetings: Home['meetings'] }) {
  const navigate = useNavigate();
  return (
    <CardList header="今明两日会议" className="leader-meetings" count={meetings.length} empty="今明两日没有会议安排">
      {meetings.map((m) => (
        <List.Item
          key={m.id}
          onClick={() => navigate(`/m/meeting/${m.id}`)}
          description={m.place ?? undefined}
          extra={`${dateOfInstant(m.startsAt) === today ? '今天' : '明天'} ${formatClock(m.startsAt)}`}
        >
          {m.title}
        </List.Item>
      ))}
    </CardList>
  );
}
