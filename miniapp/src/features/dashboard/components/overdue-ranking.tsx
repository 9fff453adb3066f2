import { List } from 'antd-mobile';
import { CardList } from '@/components/card-list';
import type { OverdueUnit } from '../api/dashboard';

interface OverdueRankingProps {
  /** The lead units with overdue matters, as the server ranked them (most overdue first). */
  units: OverdueUnit[];
  header: string;
  className: string;
  /** How a unit's count reads on the right. */
  countText: (count: number) => string;
  onOpen: (unit: { id: string; name: string }) => void;
}

/** The lead units with overdue matters in the server's order; a tap opens a unit. */
export function OverdueRanking({ units, header, className, countText, onOpen }: OverdueRankingProps) {
  return (
    <CardList header={header} className={className} count={units.length} empty="目前没有逾期未办结的事项">
      {units.map((u) => (
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
