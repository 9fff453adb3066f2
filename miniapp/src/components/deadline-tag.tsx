import { Tag } from 'antd-mobile';
import type { DeadlineState } from '@/lib/timing';

export type { DeadlineState };

/** 「剩余N个工作日」, 「今日到期」 (orange) or 「已逾期N个工作日」 (red), counted in working days. */
export function DeadlineTag({ state }: { state: DeadlineState }) {
  if (state.overdue) return <OverdueTag known={state.workdaysOverdue ?? null} />;
  if (state.workdaysLeft === null) return null;
  if (state.workdaysLeft === 0) {
    return (
      <Tag color="warning" fill="solid" className="deadline-tag">
        今日到期
      </Tag>
    );
  }
  return (
    <Tag color="primary" fill="outline" className="deadline-tag">
      剩余{state.workdaysLeft}个工作日
    </Tag>
  );
}

function OverdueTag({ known }: { known: number | null }) {
  return (
    <Tag color="danger" fill="solid" className="deadline-tag">
      {known && known > 0 ? `已逾期${known}个工作日` : '已逾期'}
    </Tag>
  );
}
