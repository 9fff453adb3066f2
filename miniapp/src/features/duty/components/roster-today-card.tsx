import { List } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useRequest } from '@/lib/use-request';
import { getOnDutyNow } from '../api/roster';

/**
 * 今日值班 on a leader's first screen: the shift on duty now with its 带班领导 and 值班人员. The address book holds no
 * mobile numbers, so there is no call link; the row opens the month's 值班表. A failure hides the card: it is an aside.
 */
export function RosterTodayCard() {
  const navigate = useNavigate();
  const now = useRequest((signal) => getOnDutyNow(signal), []);
  if (!now.data) return null;
  const { shift, label, date } = now.data;
  const title = `${Number(date.slice(5, 7))}月${Number(date.slice(8))}日${label}`;
  return (
    <List header="今日值班" mode="card" className="duty-today-card">
      {shift ? (
        <>
          <List.Item extra={shift.leader.name} onClick={() => navigate(`/m/duty_shift/${shift.id}`)}>
            带班领导（{title}）
          </List.Item>
          <List.Item extra={shift.staff.map((p) => p.name).join('、')}>值班人员</List.Item>
        </>
      ) : (
        <List.Item>{title}尚未排班</List.Item>
      )}
      <List.Item onClick={() => navigate(`/m/duty?month=${date.slice(0, 7)}`)}>查看值班表</List.Item>
      <List.Item onClick={() => navigate('/m/duty/mine')}>我的班次</List.Item>
    </List>
  );
}
