import { Button, ErrorBlock } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { usePageTitle } from '@/hooks/use-page-title';

/** A page that failed to load (most often its chunk, after a new version was deployed): reload to get it. */
export function RouteError() {
  return (
    <ErrorBlock status="default" title="页面加载失败" description="网络不稳定或版本已更新，请重新加载" fullPage>
      <Button color="primary" onClick={() => window.location.reload()}>
        重新加载
      </Button>
    </ErrorBlock>
  );
}

/** A link from a message that names no page of the mini-app (an old or mistyped link). */
export function UnknownLink() {
  usePageTitle('督办');
  const navigate = useNavigate();
  return (
    <ErrorBlock status="empty" title="链接已失效" description="该链接对应的页面不存在">
      <Button color="primary" onClick={() => navigate('/m/todo', { replace: true })}>
        前往待办事项
      </Button>
    </ErrorBlock>
  );
}
