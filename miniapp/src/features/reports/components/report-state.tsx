import { ErrorBlock } from 'antd-mobile';
import { LoadFailed } from '@/components/page-state';
import { isForbidden } from '@/lib/api-client';

export { isForbidden };

/** The server refused by role: said plainly, since retrying cannot help. */
export function Forbidden() {
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

/** A report that failed to load. */
export function ReportFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return isForbidden(error) ? <Forbidden /> : <LoadFailed error={error} onRetry={onRetry} />;
}
