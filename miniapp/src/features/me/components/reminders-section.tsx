import { List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { DeadlineTag } from '@/components/deadline-tag';
import { EstimateMark } from '@/components/estimate-mark';
import { LoadFailed, Loading } from '@/components/page-state';
import { formatDate, formatInstant } from '@/lib/dates';
import { getMyReminders } from '@/lib/reminders';
import { stateOf } from '@/lib/timing';
import { useRequest } from '@/lib/use-request';
import { appPathOf, SEND_STATUS, SUBJECT_NAMES } from './subject-names';

/**
 * My reminders: the deadlines the bot is watching for me, named as its messages name them, and what it has sent
 * me, each line opening its own record.
 */
export function RemindersSection() {
  const navigate = useNavigate();
  const reminders = useRequest((signal) => getMyReminders(signal), []);
  if (reminders.error) return <LoadFailed error={reminders.error} onRetry={reminders.reload} />;
  if (!reminders.data) return <Loading />;
  const { upcoming, watching, sent } = reminders.data;
  return (
    <div id="reminders">
      <List header="即将提醒" mode="card" className="upcoming-reminders">
        {upcoming.length === 0 ? <List.Item>暂无需要提醒的事项</List.Item> : null}
        {upcoming.map((u) => (
          <List.Item
            key={u.deadlineId}
            className="upcoming-reminder"
            data-deadline={u.deadlineId}
            onClick={() => navigate(u.path)}
            description={
              <div className="item-meta">
                <span>{u.action ?? SUBJECT_NAMES[u.subjectType] ?? '待办理'}</span>
                <span>
                  时限：{formatDate(u.dueDate)}
                  {u.estimated ? <EstimateMark date={u.dueDate} /> : null}
                </span>
                <span>{u.nextReminderAt ? `下次提醒 ${formatInstant(u.nextReminderAt).slice(5)}` : '不再提醒'}</span>
              </div>
            }
            extra={<DeadlineTag state={stateOf(u)} />}
          >
            {u.name ?? SUBJECT_NAMES[u.subjectType] ?? '待办事项'}
          </List.Item>
        ))}
      </List>
      {watching.length ? (
        <List header="督促办理" mode="card" className="watched-deadlines">
          {watching.map((w) => (
            <List.Item
              key={w.deadlineId}
              className="watched-deadline"
              data-deadline={w.deadlineId}
              onClick={() => navigate(w.path)}
              description={
                <div className="item-meta">
                  {w.unitName ? <span>{w.unitName}</span> : null}
                  {w.assigneeName ? <span>承办人：{w.assigneeName}</span> : null}
                  <span>时限：{formatDate(w.dueDate)}</span>
                </div>
              }
              extra={<DeadlineTag state={stateOf(w)} />}
            >
              {w.name ?? SUBJECT_NAMES[w.subjectType] ?? '待办事项'}
            </List.Item>
          ))}
        </List>
      ) : null}
      <List header="我收到的提醒" mode="card" className="sent-reminders">
        {sent.length === 0 ? <List.Item>暂未收到提醒</List.Item> : null}
        {sent.map((s) => {
          const path = appPathOf(s.url);
          const status = SEND_STATUS[s.status] ?? { text: s.status, color: 'default' as const };
          const lines = s.items.filter((i) => i.text);
          return (
            <List.Item
              key={s.id}
              className="sent-reminder"
              // A digest opens by its lines; a message about one item opens that item.
              onClick={path && lines.length <= 1 ? () => navigate(path) : undefined}
              description={
                <>
                  {lines.map((i) => (
                    <button
                      type="button"
                      key={`${i.deadlineId}-${i.kind}`}
                      className="reminder-line"
                      onClick={(event) => {
                        event.stopPropagation();
                        navigate(i.path ?? path ?? '/m/todo');
                      }}
                    >
                      {i.text}
                    </button>
                  ))}
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
