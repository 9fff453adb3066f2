import { List, Tag } from 'antd-mobile';
import { dateOfInstant, formatClock } from '@/lib/dates';
import type { DatedShift, Swap } from '../api/swaps';
import './swaps.css';

/** 08:30–17:30, 17:30–次日08:30. */
export const shiftHours = (shift: DatedShift) =>
  `${formatClock(shift.startsAt)}–${dateOfInstant(shift.endsAt) === shift.date ? '' : '次日'}${formatClock(shift.endsAt)}`;

/** How the calendar marks the shift's day: 法定节假日 by name, 调休上班, 休息日. */
export function DayMark({ shift }: { shift: DatedShift }) {
  if (shift.dayStatus === 'holiday') return <Tag color="danger">{shift.dayLabel}</Tag>;
  if (shift.dayStatus === 'makeup') return <Tag color="warning">调休上班</Tag>;
  if (shift.dayStatus === 'weekend') return <Tag fill="outline">休息日</Tag>;
  return null;
}

const STATUS_COLORS: Record<Swap['status'], string> = {
  requested: 'warning',
  accepted: 'primary',
  declined: 'default',
  approved: 'success',
  refused: 'danger',
  withdrawn: 'default',
};

export function SwapStatus({ swap }: { swap: Swap }) {
  return <Tag color={swap.expired ? 'default' : STATUS_COLORS[swap.status]}>{swap.statusName}</Tag>;
}

/** 李明 → 陈静 换班, with the place and the shifts: a request in a list. */
export function SwapItem({ swap, onClick }: { swap: Swap; onClick: () => void }) {
  const shifts = `${swap.shift?.title ?? '班次已变更'}${swap.returnShift ? ` ⇄ ${swap.returnShift.title}` : ''}`;
  return (
    <List.Item
      className="swap-item"
      onClick={onClick}
      extra={<SwapStatus swap={swap} />}
      description={`${swap.roleName}：${shifts}`}
    >
      {swap.requester.name} → {swap.counterpart.name} {swap.kindName}
    </List.Item>
  );
}
