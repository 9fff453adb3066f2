import { Tag } from 'antd-mobile';

export interface DeadlineState {
  dueDate: string | null;
  /** Working days left, 0 when due today (the server counts them on the office's calendar). */
  workdaysLeft: number | null;
  /** Working days overdue, as the server counted them (none: 「已逾期」 alone). */
  workdaysOverdue?: number | null;
  overdue: boolean;
  /** The server's `estimated`: the date rests on a year without the holiday notice (show `EstimateMark`). */
  estimated?: boolean;
}

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
