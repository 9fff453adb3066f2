import { List } from 'antd-mobile';
import { CardList } from '@/components/card-list';
import { LoadFailed, Loading } from '@/components/page-state';
import { useRequest } from '@/lib/use-request';
import { getOverdueByUnit } from '../api/dashboard';

interface OverdueRankingProps {
  year: number;
  header: string;
  className: string;
  /** How a unit's count reads on the right. */
  countText: (count: number) => string;
  onOpen: (unit: { id: string; name: string }) => void;
}

/** The lead units with overdue matters, as the reports API ranks them (most overdue first); a tap opens a unit. */
export function OverdueRanking({ year, header, className, countText, onOpen }: OverdueRankingProps) {
  const ranking = useRequest((signal) => getOverdueByUnit(year, signal), [year]);
  if (ranking.error) return <LoadFailed error={ranking.error} onRetry={ranking.reload} />;
  if (!ranking.data) return <Loading />;
  return (
    <CardList header={header} className={className} count={ranking.data.length} empty="目前没有逾期未办结的事项">
      {ranking.data.map((u) => (
        <List.Item
          key={u.id}
          data-unit={u.id}
          prefix={<span className={`rank rank-${u.rank}`}>{u.rank}</span>}
          extra={<span className="text-danger">{countText(u.count)}</span>}
          onClick={() => onOpen(u)}
        >
          {u.name}
        </List.Item>
      ))}
    </CardList>
  );
}
