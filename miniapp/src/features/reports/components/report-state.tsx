import { ErrorBlock } from 'antd-mobile';
import { LoadFailed } from '@/components/page-state';
import { isForbidden } from '@/lib/api-client';

/** A report that failed to load; a refusal by role is said plainly, since retrying cannot help. */
export function ReportFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (!isForbidden(error)) return <LoadFailed error={error} onRetry={onRetry} />;
  return (
    <ErrorBlock
      status="default"
      title="无权限查看"
      description="统计数据仅供区政府领导、督查室查阅。如确需查看，请联系管理员开通权限。"
      className="page-error report-forbidden"
    >
      {null}
    </ErrorBlock>
  );
}
