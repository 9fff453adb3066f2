import type { DeadlineState } from '@/components/deadline-tag';
import type { Matter } from '../api/matters';

/** The tag state of a matter still open with a deadline; null once done or without a deadline. */
export function deadlineStateOf(m: Matter): DeadlineState | null {
  if (!m.deadline || m.deadline.status === 'closed' || m.status === 'completed' || m.status === 'evaluated') {
    return null;
  }
  return {
    dueDate: m.deadline.dueDate,
    workdaysLeft: m.workdaysLeft,
    workdaysOverdue: m.workdaysOverdue,
    overdue: m.timeliness === 'overdue',
  };
}

export const LIGHT_COLORS = { blue: 'primary', yellow: 'warning', red: 'danger' } as const;
