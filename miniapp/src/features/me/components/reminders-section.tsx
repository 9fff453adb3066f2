import { List, Tag } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { DeadlineTag } from '@/components/deadline-tag';
import { EstimateMark } from '@/components/estimate-mark';
import { LoadFailed, Loading } from '@/components/page-state';
import { formatDate, formatInstant } from '@/lib/dates';
import { getMyReminders, type MyReminders } from '@/lib/reminders';
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
          <WatchedRow key={u.deadlineId} item={u} className="upcoming-reminder">
            <span>{u.action ?? SUBJECT_NAMES[u.subjectType] ?? '待办理'}</span>
            <span>
              时限：{formatDate(u.dueDate)}
              {u.estimated ? <EstimateMark date={u.dueDate} /> : null}
            </span>
            <span>{u.nextReminderAt ? `下次提醒 ${formatInstant(u.nextReminderAt).slice(5)}` : '不再提醒'}</span>
          </WatchedRow>
        ))}
      </List>
      {watching.length ? (
        <List header="督促办理" mode="card" className="watched-deadlines">
          {watching.map((w) => (
            <WatchedRow key={w.deadlineId} item={w} className="watched-deadline">
              {w.unitName ? <span>{w.unitName}</span> : null}
              {w.assigneeName ? <span>承办人：{w.assigneeName}</span> : null}
              <span>时限：{formatDate(w.dueDate)}</span>
            </WatchedRow>
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

type Watched = MyReminders['upcoming'][number] | MyReminders['watching'][number];

/** A deadline the bot watches: its name, the facts given as children, where it stands; opens its record. */
function WatchedRow({ item, className, children }: { item: Watched; className: string; children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <List.Item
      className={className}
      data-deadline={item.deadlineId}
      onClick={() => navigate(item.path)}
      description={<div className="item-meta">{children}</div>}
      extra={<DeadlineTag state={stateOf(item)} />}
    >
      {item.name ?? SUBJECT_NAMES[item.subjectType] ?? '待办事项'}
    </List.Item>
  );
}
