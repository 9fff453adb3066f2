import { Navigate, useParams } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { matterOfSubject } from '../api/matters';

const SUBJECTS = {
  period: { api: 'periods', title: '月度进展报送' },
  extension: { api: 'extension-requests', title: '延期申请' },
} as const;

/**
 * A bot message links to a report period (`/m/matter_period/:id`) or an extension request
 * (`/m/extension_request/:id`): open its matter at that entry.
 */
function SubjectLinkPage({ subject }: { subject: keyof typeof SUBJECTS }) {
  usePageTitle(SUBJECTS[subject].title);
  const id = Number(useParams().id);
  const matterId = useRequest((signal) => matterOfSubject(SUBJECTS[subject].api, id, signal), [subject, id]);
  if (matterId.error) return <LoadFailed error={matterId.error} onRetry={matterId.reload} />;
  if (matterId.data === undefined) return <Loading />;
  return <Navigate to={`/m/matter/${matterId.data}#${subject}-${id}`} replace />;
}

export const PeriodLinkPage = () => <SubjectLinkPage subject="period" />;
export const ExtensionLinkPage = () => <SubjectLinkPage subject="extension" />;
