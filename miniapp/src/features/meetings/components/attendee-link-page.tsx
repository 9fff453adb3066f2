import { Navigate, useParams } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { getMeetingOfAttendee } from '../api/meetings';

/** A bot message's link names the recipient's invitation (`/m/meeting_attendee/:id`): open its meeting. */
export function AttendeeLinkPage() {
  usePageTitle('会议通知');
  const id = Number(useParams().id);
  const meeting = useRequest((signal) => getMeetingOfAttendee(id, signal), [id]);
  if (meeting.error) return <LoadFailed error={meeting.error} onRetry={meeting.reload} />;
  if (!meeting.data) return <Loading />;
  return <Navigate to={`/m/meeting/${meeting.data.id}`} replace />;
}
