import type { DeadlineState } from '@/components/deadline-tag';
import type { Timing } from '../api/documents';

/** An open deadline as a tag state; a closed one shows none. */
export function deadlineStateOf(t: Timing | null): DeadlineState | null {
  if (!t || t.status === 'closed') return null;
  return {
    dueDate: t.dueDate,
    workdaysLeft: t.remainingWorkdays,
    workdaysOverdue: t.overdueWorkdays,
    overdue: t.overdue,
  };
}
