import { List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { formatDate, formatInstant } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { getMyReminders } from '../api/reminders';
import { appPathOf, SEND_STATUS, SUBJECT_NAMES } from './subject-names';

/** My reminders: the deadlines the bot is watching for me, and what it has sent me. */
export function RemindersSection() {
  const navigate = useNavigate();
  const reminders = useRequest((signal) => getMyReminders(signal), []);
  if (reminders.error) return <LoadFailed error={reminders.error} onRetry={reminders.reload} />;
  if (!reminders.data) return <Loading />;
  const { upcoming, sent } = reminders.data;
  return (
    <div id="reminders">
      <List header="即将提醒" mode="card" className="upcoming-reminders">
        {upcoming.length === 0 ? <List.Item>暂无需要提醒的事项</List.Item> : null}
        {upcoming.map((u) => (
          <List.Item
            key={u.deadlineId}
            onClick={() => navigate(`/m/${u.subjectType}/${u.subjectId}`)}
            description={`时限：${formatDate(u.dueDate)}`}
            extra={u.nextReminderAt ? `下次提醒 ${formatInstant(u.nextReminderAt).slice(5)}` : '不再提醒'}
          >
            {SUBJECT_NAMES[u.subjectType] ?? '待办事项'}
          </List.Item>
        ))}
      </List>
      <List header="我收到的提醒" mode="card" className="sent-reminders">
        {sent.length === 0 ? <List.Item>暂未收到提醒</List.Item> : null}
        {sent.map((s) => {
          const path = appPathOf(s.url);
          const status = SEND_STATUS[s.status] ?? { text: s.status, color: 'default' as const };
          return (
            <List.Item
              key={s.id}
              onClick={path ? () => navigate(path) : undefined}
              description={
                <>
                  {s.items.map((i, n) =>
                    // biome-ignore lint/suspicious/noArrayIndexKey: a message's items never change.
                    i.text ? <div key={n}>{i.text}</div> : null,
                  )}
                  <div>{formatInstant(s.sentAt ?? s.scheduledAt)}</div>
                </>
              }
              extra={
                <Tag color={status.color} fill="outline">
                  {s.readAt ? '已读' : status.text}
                </Tag>
              }
            >
              {s.title}
            </List.Item>
          );
        })}
      </List>
    </div>
  );
}
