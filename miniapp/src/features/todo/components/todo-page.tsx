import { List, NoticeBar, PullToRefresh, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { DeadlineTag } from '@/components/deadline-tag';
import { EstimateMark } from '@/components/estimate-mark';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { formatDate } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { getTodo, isSupervisionOffice, officeQueueCounts, type TodoItem } from '../api/todo';

const AREA_COLORS = { 公文: 'primary', 督办: 'warning', 会议: 'success', 提醒: 'default' } as const;

/** 待办事项: everything waiting for me, the most pressing first. */
export function TodoPage() {
  usePageTitle('待办事项');
  const me = useMe();
  const todo = useRequest((signal) => getTodo(me, signal), [me.user.id]);

  if (todo.error && !todo.data) return <LoadFailed error={todo.error} onRetry={todo.reload} />;
  if (!todo.data) return <Loading />;
  const { items, failed } = todo.data;
  const overdue = items.filter((i) => i.deadline?.overdue).length;
  const dueToday = items.filter((i) => i.deadline && !i.deadline.overdue && i.deadline.workdaysLeft === 0).length;
  return (
    <div className="page todo-page">
      <PullToRefresh onRefresh={async () => todo.reload()}>
        <div className="todo-summary">
          <div>
            <strong className="todo-count">{items.length}</strong>
            <span>项待办</span>
          </div>
          <div className="todo-alerts">
            {overdue ? <span className="text-danger">已逾期{overdue}项</span> : null}
            {dueToday ? <span className="text-warning">今日到期{dueToday}项</span> : null}
          </div>
        </div>
        {isSupervisionOffice(me) ? <OfficeQueueEntry /> : null}
        {failed.length ? <NoticeBar color="alert" content={`${failed.join('、')}暂时无法加载，请下拉刷新`} /> : null}
        {items.length === 0 ? (
          <Empty text="暂无待办事项" />
        ) : (
          <List className="todo-list">
            {items.map((item) => (
              <TodoRow key={item.key} item={item} />
            ))}
          </List>
        )}
      </PullToRefresh>
    </div>
  );
}

/** 督查室: its work queue in counted sections, each opening the 督查室工作台 at that section. */
function OfficeQueueEntry() {
  const navigate = useNavigate();
  const queue = useRequest((signal) => officeQueueCounts(signal), []);
  if (!queue.data) return null;
  return (
    <List header="督查室工作台" className="office-queue-entry">
      {queue.data.map((s) => (
        <List.Item
          key={s.key}
          data-section={s.key}
          onClick={() => navigate(`/m/supervision-queue#${s.key}`)}
          extra={<Tag color={s.count ? 'danger' : 'default'}>{s.count}</Tag>}
        >
          {s.title}
        </List.Item>
      ))}
    </List>
  );
}

function TodoRow({ item }: { item: TodoItem }) {
  const navigate = useNavigate();
  return (
    <List.Item
      className="todo-item"
      data-subjects={item.subjects.join(' ')}
      onClick={() => navigate(item.path)}
      description={
        <div className="item-meta">
          <span>{item.action}</span>
          {item.detail ? <span>{item.detail}</span> : null}
          {item.dueDate ? (
            <span>
              时限：{formatDate(item.dueDate)}
              {item.deadline?.estimated ? <EstimateMark date={item.dueDate} /> : null}
            </span>
          ) : null}
        </div>
      }
      extra={item.deadline ? <DeadlineTag state={item.deadline} /> : null}
    >
      <div className="item-title">
        <Tag color={AREA_COLORS[item.area]} fill="outline" className="source-tag">
          {item.area}
        </Tag>
        {item.title}
      </div>
    </List.Item>
  );
}
