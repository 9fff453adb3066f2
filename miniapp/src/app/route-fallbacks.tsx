import { Button, ErrorBlock } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
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

const KNOWN: Record<string, { name: string; to: string; where: string }> = {
  matter_period: { name: '督办事项月度进展报送', to: '/m/todo', where: '待办事项' },
  extension_request: { name: '延期申请', to: '/m/matters', where: '督办事项' },
  meeting_attendee: { name: '会议回执', to: '/m/todo', where: '待办事项' },
};

/** A link from a message to something the mini-app has no page of its own for: say where to find it. */
export function UnknownLink() {
  usePageTitle('督办');
  const navigate = useNavigate();
  const known = KNOWN[useParams().subjectType ?? ''];
  return (
    <ErrorBlock
      status="empty"
      title={known ? known.name : '链接已失效'}
      description={known ? `请在「${known.where}」中查看并办理` : '该链接对应的页面不存在'}
    >
      <Button color="primary" onClick={() => navigate(known?.to ?? '/m/todo', { replace: true })}>
        前往{known?.where ?? '待办事项'}
      </Button>
    </ErrorBlock>
  );
}
