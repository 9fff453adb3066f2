import { Button, DotLoading, ErrorBlock } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { errorText, failureKind } from '@/lib/api-client';
import type { RequestState } from '@/lib/use-request';

export function Loading({ text = '正在加载' }: { text?: string }) {
  return (
    <div className="page-state" role="status">
      {text}
      <DotLoading />
    </div>
  );
}

/**
 * A page that could not load, told apart by cause: the network or the server (try again), an ended session (sign in
 * again), a role that does not allow it (no retry: it cannot help), or a refused request (the server's reason).
 */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const navigate = useNavigate();
  const location = useLocation();
  const kind = failureKind(error);
  if (kind === 'forbidden') {
    return (
      <ErrorBlock
        status="default"
        title="您没有权限查看此内容"
        description="如确需查看，请联系管理员。"
        className="page-error"
      >
        {null}
      </ErrorBlock>
    );
  }
  if (kind === 'signIn') {
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return (
      <ErrorBlock status="default" title="登录已失效" description="请重新登录后继续。" className="page-error">
        <Button size="small" color="primary" onClick={() => navigate(`/m/signin?next=${next}`)}>
          重新登录
        </Button>
      </ErrorBlock>
    );
  }
  if (kind === 'input') {
    return (
      <ErrorBlock status="default" title="无法加载" description={errorText(error)} className="page-error">
        {null}
      </ErrorBlock>
    );
  }
  return (
    <ErrorBlock status="disconnected" title="网络异常，请重试" description={errorText(error)} className="page-error">
      {onRetry ? (
        <Button size="small" color="primary" onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </ErrorBlock>
  );
}

export function Empty({ text }: { text: string }) {
  return (
    <ErrorBlock status="empty" title={text} description="" className="page-empty">
      {null}
    </ErrorBlock>
  );
}

/**
 * A record's page by the id in its address: `missing` for an id that cannot be one, else the failure (unless the record
 * is still on screen from before), the wait, then the record shown by `children`.
 */
export function RecordState<T>({
  id,
  missing,
  record,
  children,
}: {
  id: number;
  missing: string;
  record: RequestState<T>;
  children: (data: T) => ReactNode;
}) {
  if (!Number.isInteger(id) || id <= 0) return <Empty text={missing} />;
  if (record.error && !record.data) return <LoadFailed error={record.error} onRetry={record.reload} />;
  if (!record.data) return <Loading />;
  return children(record.data);
}
