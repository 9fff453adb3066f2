import { type DeadlineState, stateOf } from '@/lib/timing';
import type { Timing } from '../api/documents';

/** An open deadline as a tag state; a closed one shows none. */
export function deadlineStateOf(t: Timing | null): DeadlineState | null {
  return !t || t.status === 'closed' ? null : stateOf(t);
}
