import { Button, Dialog, Segmented } from 'antd-mobile';
import { useState } from 'react';
import { LoadFailed, Loading } from '@/components/page-state';
import { UnitScoreTable } from '@/components/unit-score-table';
import { useMe } from '@/lib/auth';
import { todayInShanghai } from '@/lib/dates';
import { openLink } from '@/lib/dingtalk';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { getRanking } from '../api/information';

const PERIODS = [
  { label: '本月', value: 'month' },
  { label: '本年', value: 'year' },
];

/** `2026-10` moved back by one month. */
function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const monthTitle = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5))}月`;

/** 政务信息工作通报 (.docx) of last month or this month: the circular is usually made early in the next month. */
function downloadBulletin(thisMonth: string): void {
  const months = [previousMonth(thisMonth), thisMonth];
  Dialog.show({
    title: '下载政务信息工作通报',
    content: '请选择月份，将下载 Word 文件',
    closeOnAction: true,
    actions: [
      ...months.map((month) => ({
        key: month,
        text: monthTitle(month),
        onClick: () =>
          void openLink(new URL(`/api/information/bulletin?month=${month}&format=docx`, window.location.href).href),
      })),
      { key: 'cancel', text: '取消' },
    ],
  });
}

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
  // 督查室, 会务 and leaders (administrators too) may download the monthly circular, as the server allows.
  const { user } = useMe();
  const canDownload = hasRole(user, 'supervision_office', 'meeting_office', 'leader');
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
      {ranking.data ? <UnitScoreTable rows={rows} className="information-ranking-table" empty="暂无单位" /> : null}
      {canDownload ? (
        <Button
          block
          color="primary"
          fill="outline"
          className="information-bulletin-download"
          style={{ marginTop: 12 }}
          onClick={() => downloadBulletin(today.slice(0, 7))}
        >
          下载信息通报（Word）
        </Button>
      ) : null}
    </section>
  );
}
