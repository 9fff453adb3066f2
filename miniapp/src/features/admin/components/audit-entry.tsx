import { List } from 'antd-mobile';
import { formatInstant } from '@/lib/dates';
import type { AuditEntry } from '../api/admin';
import { actionName, subjectName } from './format';

/** One entry of the audit log in a list: what was done to what, by whom, when. */
export function AuditEntryItem({ entry, onClick }: { entry: AuditEntry; onClick?: () => void }) {
  return (
    <List.Item
      className="audit-entry"
      data-action={entry.action}
      onClick={onClick}
      description={`${entry.actorName ?? entry.actor}　${formatInstant(entry.at)}`}
      extra={`${subjectName(entry.subjectType)} ${entry.subjectId}`}
    >
      {actionName(entry.action)}
    </List.Item>
  );
}

const json = (value: unknown) => (value === null ? '（无）' : JSON.stringify(value, null, 2));

/** An entry in full: the record before and after, and the reason given. */
export function AuditEntryDetail({ entry }: { entry: AuditEntry }) {
  return (
    <List mode="card" header={actionName(entry.action)} className="audit-entry-detail">
      <List.Item extra={entry.action}>操作</List.Item>
      <List.Item extra={`${entry.actorName ?? ''} ${entry.actor}`}>操作人</List.Item>
      <List.Item extra={formatInstant(entry.at)}>时间</List.Item>
      <List.Item extra={`${subjectName(entry.subjectType)} ${entry.subjectId}`}>对象</List.Item>
      {entry.reason ? <List.Item description={entry.reason}>原因</List.Item> : null}
      <List.Item description={<pre className="admin-json">{json(entry.before)}</pre>}>变更前</List.Item>
      <List.Item description={<pre className="admin-json">{json(entry.after)}</pre>}>变更后</List.Item>
    </List>
  );
}
