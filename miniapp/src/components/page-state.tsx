import { Button, DotLoading, ErrorBlock } from 'antd-mobile';
import { errorText } from '@/lib/api-client';

export function Loading({ text = '正在加载' }: { text?: string }) {
  return (
    <div className="page-state" role="status">
      {text}
      <DotLoading />
    </div>
  );
}

export function LoadFailed({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <ErrorBlock status="default" title="加载失败" description={errorText(error)} className="page-error">
      {onRetry ? (
        <Button size="small" color="primary" onClick={onRetry}>
          重新加载
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
