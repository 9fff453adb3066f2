import { List } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { getOfficeSwaps } from '../api/swaps';
import { SwapItem } from './swap-parts';

/** 换班审批 (会务, administrators): the requests waiting for the office first, then those still with the colleague, then the latest decided. */
export function SwapOfficePage() {
  usePageTitle('换班审批');
  const navigate = useNavigate();
  const swaps = useRequest((signal) => getOfficeSwaps(signal), []);
  if (swaps.error && !swaps.data) return <LoadFailed error={swaps.error} onRetry={swaps.reload} />;
  if (!swaps.data) return <Loading />;
  const open = swaps.data.filter((s) => s.status === 'accepted' || s.status === 'requested');
  const waiting = open.filter((s) => s.status === 'accepted' && !s.expired);
  const closed = swaps.data.filter((s) => !open.includes(s));
  const item = (s: (typeof swaps.data)[number]) => (
    <SwapItem key={s.id} swap={s} onClick={() => navigate(`/m/duty_swap/${s.id}`)} />
  );
  return (
    <div className="page swap-office">
      <List mode="card" header={`待审批（${waiting.length}件）`}>
        {open.length === 0 ? <List.Item>没有待处理的换班申请</List.Item> : null}
        {open.map(item)}
      </List>
      {closed.length > 0 ? (
        <List mode="card" header="近期已办结">
          {closed.map(item)}
        </List>
      ) : null}
    </div>
  );
}
