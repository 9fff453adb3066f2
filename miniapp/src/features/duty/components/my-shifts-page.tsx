import { Button, List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { getMyShifts, getMySwaps, type MyShift } from '../api/swaps';
import { DayMark, SwapItem, shiftHours } from './swap-parts';

/** One of my shifts: the day, its mark, my place, the hours and the others on it; 申请换班 while it has not started. */
function ShiftItem({ shift, past }: { shift: MyShift; past?: boolean }) {
  const navigate = useNavigate();
  const others = shift.others.map((p) => p.name).join('、');
  const action = past ? null : shift.openSwapId ? (
    <Button
      size="mini"
      fill="outline"
      onClick={(e) => {
        e.stopPropagation();
        navigate(`/m/duty_swap/${shift.openSwapId}`);
      }}
    >
      换班申请中
    </Button>
  ) : shift.started ? (
    <Tag color="primary">值班中</Tag>
  ) : (
    <Button
      size="mini"
      color="primary"
      fill="outline"
      onClick={(e) => {
        e.stopPropagation();
        navigate(`/m/duty/swap/new?shiftId=${shift.id}`);
      }}
    >
      申请换班
    </Button>
  );
  return (
    <List.Item
      className="my-shift"
      extra={action}
      description={`${shiftHours(shift)}${others ? ` · 同班：${others}` : ''}`}
      onClick={() => navigate(`/m/duty_shift/${shift.id}`)}
      arrowIcon={false}
    >
      <span className="swap-shift-title">
        <strong>{shift.title}</strong>
        <Tag color={shift.role === 'leader' ? 'primary' : 'default'} fill="outline">
          {shift.role === 'leader' ? '带班领导' : '值班人员'}
        </Tag>
        <DayMark shift={shift} />
      </span>
    </List.Item>
  );
}

/**
 * 我的班次: my shifts from now on (as 带班领导 or 值班人员), each with 申请换班 until it starts; my 换班 requests,
 * made and received; the last few shifts I held. The office (会务, administrators) also finds 换班审批 here.
 */
export function MyShiftsPage() {
  usePageTitle('我的班次');
  const navigate = useNavigate();
  const { user } = useMe();
  const shifts = useRequest((signal) => getMyShifts(signal), []);
  const swaps = useRequest((signal) => getMySwaps(signal), []);
  const office = hasRole(user, 'meeting_office', 'admin');
  if (shifts.error && !shifts.data) return <LoadFailed error={shifts.error} onRetry={shifts.reload} />;
  if (!shifts.data) return <Loading />;
  const { upcoming, past } = shifts.data;
  const waiting = (swaps.data ?? []).filter((s) => s.can.accept || s.can.decline).length;
  return (
    <div className="page duty-mine">
      <List mode="card">
        <List.Item onClick={() => navigate('/m/duty')}>查看值班表</List.Item>
        {office ? <List.Item onClick={() => navigate('/m/duty/swaps')}>换班审批</List.Item> : null}
      </List>
      <List mode="card" header="我的值班安排">
        {upcoming.length === 0 ? <List.Item>近期没有您的值班安排</List.Item> : null}
        {upcoming.map((s) => (
          <ShiftItem key={s.id} shift={s} />
        ))}
      </List>
      {swaps.data && swaps.data.length > 0 ? (
        <List mode="card" header={waiting > 0 ? `换班申请（${waiting}件待您确认）` : '换班申请'}>
          {swaps.data.map((s) => (
            <SwapItem key={s.id} swap={s} onClick={() => navigate(`/m/duty_swap/${s.id}`)} />
          ))}
        </List>
      ) : null}
      {past.length > 0 ? (
        <List mode="card" header="近期已值班次">
          {past.map((s) => (
            <ShiftItem key={s.id} shift={s} past />
          ))}
        </List>
      ) : null}
    </div>
  );
}
