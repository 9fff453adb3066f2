import { LeaderHome } from '@/features/dashboard/components/leader-home';
import { RosterTodayCard } from '@/features/duty/components/roster-today-card';
import { TodoPage } from '@/features/todo/components/todo-page';
import { useMe } from '@/lib/auth';
import { hasRole } from '@/lib/roles';

/**
 * 待办, the app's first screen: for a leader, what needs their attention comes first (overdue units, 批示, meetings),
 * and who is on duty today (今日值班).
 */
export function TodoRoute() {
  const { user } = useMe();
  return (
    <>
      {hasRole(user, 'leader') ? (
        <>
          <LeaderHome />
          <RosterTodayCard />
        </>
      ) : null}
      <TodoPage />
    </>
  );
}
