import { Tag } from 'antd-mobile';
import { dateOfInstant, formatClock, formatInstant } from '@/lib/dates';
import type { Attendee, MeetingStatus } from '../api/meetings';

const STATUS_COLORS: Record<MeetingStatus, 'default' | 'primary' | 'success'> = {
  draft: 'default',
  notified: 'primary',
  held: 'success',
  cancelled: 'default',
};

export function StatusTag({ status, name }: { status: MeetingStatus; name: string }) {
  return (
    <Tag color={STATUS_COLORS[status]} fill={status === 'notified' ? 'solid' : 'outline'} className="meeting-status">
      {name}
    </Tag>
  );
}

const RESPONSE_COLORS = {
  pending: 'warning',
  confirmed: 'success',
  leave: 'default',
  substitute: 'primary',
} as const;

/** A receipt in colour: 未回执 orange, 确认参会 green, 请假 grey, 指派他人 blue. */
export function ResponseTag({ attendee }: { attendee: Pick<Attendee, 'response' | 'responseName'> }) {
  return (
    <Tag color={RESPONSE_COLORS[attendee.response]} fill="outline" className="receipt-tag">
      {attendee.responseName}
    </Tag>
  );
}

/** 2026/11/27 09:30–11:30, or with the end's date when it ends on another day. */
export function meetingTime(startsAt: string, endsAt: string | null): string {
  const start = formatInstant(startsAt);
  if (!endsAt) return start;
  return `${start}–${dateOfInstant(endsAt) === dateOfInstant(startsAt) ? formatClock(endsAt) : formatInstant(endsAt)}`;
}
