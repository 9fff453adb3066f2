import { Collapse, List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatDate } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import type { Matter } from '../api/matters';
import { getOfficeQueue, type OfficeQueue, type PendingExtension } from '../api/queue';
import { MatterItem } from './matter-item';

const UNIT_NAMES: Record<string, string> = { day: '日', workday: '个工作日', month: '个月' };

const SECTIONS: { key: keyof OfficeQueue; title: string; empty: string }[] = [
  { key: 'extensions', title: '延期待审批', empty: '没有待审批的延期申请' },
  { key: 'returned', title: '退回待改派', empty: '没有承办单位退回的事项' },
  { key: 'overdue', title: '逾期未办结', empty: '没有逾期未办结的事项' },
  { key: 'toEvaluate', title: '办结待评价', empty: '没有待评价的事项' },
];

/**
 * 督查室工作台: the office's 待办 in counted sections, the decisions first. Opened from 待办事项; a link may name a
 * section (#toEvaluate) to open it.
 */
export function OfficeQueuePage() {
  usePageTitle('督查室工作台');
  const queue = useRequest((signal) => getOfficeQueue(signal), []);
  const opened = window.location.hash.slice(1);
  if (queue.error && !queue.data) return <LoadFailed error={queue.error} onRetry={queue.reload} />;
  if (!queue.data) return <Loading />;
  const data = queue.data;
  const initial = SECTIONS.some((s) => s.key === opened) ? [opened] : ['extensions', 'returned'];
  return (
    <div className="page office-queue-page">
      <Collapse defaultActiveKey={initial}>
        {SECTIONS.map((s) => (
          <Collapse.Panel
            key={s.key}
            title={
              <span className="queue-section" data-section={s.key}>
                {s.title}
                <Tag
                  color={data[s.key].count ? 'danger' : 'default'}
                  fill="outline"
                  className="queue-count"
                  style={{ marginLeft: 8 }}
                >
                  {data[s.key].count}
                </Tag>
              </span>
            }
          >
            {data[s.key].count === 0 ? (
              <div className="muted">{s.empty}</div>
            ) : (
              <List>
                {s.key === 'extensions'
                  ? data.extensions.items.map((r) => <ExtensionItem key={r.requestId} request={r} />)
                  : (data[s.key].items as Matter[]).map((m) => <MatterItem key={m.id} matter={m} />)}
              </List>
            )}
          </Collapse.Panel>
        ))}
      </Collapse>
    </div>
  );
}

/** A pending request: what is asked, by when it is to be decided; opens the request on its matter's page. */
function ExtensionItem({ request }: { request: PendingExtension }) {
  const navigate = useNavigate();
  return (
    <List.Item
      className="queue-extension"
      onClick={() => navigate(`/m/matter/${request.matter.id}#extension-${request.requestId}`)}
      description={
        <div className="item-meta">
          <span>{request.matter.number}</span>
          <span>
            {request.requestedBy.name}申请延长{request.amount}
            {UNIT_NAMES[request.unit] ?? request.unit}：{request.reason}
          </span>
        </div>
      }
      extra={
        <Tag color={request.decisionOverdue ? 'danger' : 'warning'} fill="outline">
          {request.decisionOverdue ? '审批已超期' : `${formatDate(request.decideBy)}前审批`}
        </Tag>
      }
    >
      {request.matter.title}
    </List.Item>
  );
}
