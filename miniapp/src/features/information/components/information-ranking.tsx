import { Segmented } from 'antd-mobile';
import { useState } from 'react';
import { LoadFailed, Loading } from '@/components/page-state';
import { todayInShanghai } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { getRanking } from '../api/information';

const PERIODS = [
  { label: '本月', value: 'month' },
  { label: '本年', value: 'year' },
];

/** 各单位政务信息得分排名 of this month or this year (Shanghai), for the office and the leaders. */
export function InformationRanking() {
  const [period, setPeriod] = useState<'month' | 'year'>('month');
  const today = todayInShanghai();
  const ranking = useRequest(
    (signal) =>
      getRanking(period === 'month' ? { month: today.slice(0, 7) } : { year: Number(today.slice(0, 4)) }, signal),
    [period, today],
  );
  const rows = ranking.data?.units ?? [];
  return (
    <section className="information-ranking" aria-label="单位得分排名">
      <div className="information-ranking-head">
        <span className="information-ranking-title">单位得分排名</span>
        <Segmented
          options={PERIODS}
          value={period}
          onChange={(value) => setPeriod(value === 'year' ? 'year' : 'month')}
        />
      </div>
      {ranking.error && !ranking.data ? <LoadFailed error={ranking.error} onRetry={ranking.reload} /> : null}
      {!ranking.data && !ranking.error ? <Loading /> : null}
      {ranking.data ? (
        <table className="information-ranking-table">
          <thead>
            <tr>
              <th>名次</th>
              <th>单位</th>
              <th>采用</th>
              <th>得分</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.unit.id} data-unit={r.unit.id}>
                <td>{r.rank}</td>
                <td>{r.unit.name}</td>
                <td>{r.adopted}</td>
                <td className="information-score">{r.score}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4}>暂无单位</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
