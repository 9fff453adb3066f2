import { Button } from 'antd-mobile';
import { Navigate, useNavigate, useParams } from 'react-router';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { useRequest } from '@/lib/use-request';
import { getMySteps } from '../api/documents';

/**
 * A link to one approval step (`/m/document_step/5`, from a reminder): the step's document, with the step marked.
 * The step is found among the user's open steps; once it is done, it is no longer theirs to act on.
 */
export function StepPage() {
  const stepId = Number(useParams().id);
  const navigate = useNavigate();
  const steps = useRequest((signal) => getMySteps(signal), []);
  if (steps.error) return <LoadFailed error={steps.error} onRetry={steps.reload} />;
  if (!steps.data) return <Loading />;
  const step = steps.data.find((s) => s.stepId === stepId);
  if (step) return <Navigate to={`/m/document/${step.document.id}?step=${stepId}`} replace />;
  return (
    <div className="page">
      <Empty text="该办理环节已办理完毕，或不是您的待办" />
      <div className="page-footer">
        <Button block color="primary" onClick={() => navigate('/m/documents')}>
          查看公文列表
        </Button>
      </div>
    </div>
  );
}
