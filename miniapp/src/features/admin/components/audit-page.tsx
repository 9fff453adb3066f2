import { Button, Form, Input, List, Selector } from 'antd-mobile';
import { useState } from 'react';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { PersonPicker } from '@/components/person-picker';
import { usePageTitle } from '@/hooks/use-page-title';
import { getOrganisation } from '@/lib/organisation';
import { useRequest } from '@/lib/use-request';
import { type AuditEntry, type AuditQuery, readAudit } from '../api/admin';
import { AuditEntryDetail, AuditEntryItem } from './audit-entry';
import { ACTION_GROUPS, SUBJECT_TYPES } from './format';
import { SplitView } from './split-view';

interface FilterValues {
  actor?: string[];
  action?: string[];
  subjectType?: string[];
  subjectId?: string;
  from?: string;
  to?: string;
}

const queryOf = (v: FilterValues): AuditQuery => ({
  actor: v.actor?.[0],
  action: v.action?.[0],
  subjectType: v.subjectType?.[0],
  subjectId: v.subjectId?.trim() || undefined,
  from: v.from || undefined,
  to: v.to || undefined,
});

/** 审计日志: every change, newest first, filtered by who, what, which record and when, page by page. */
export function AuditPage() {
  usePageTitle('审计日志');
  const [query, setQuery] = useState<AuditQuery>({});
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const org = useRequest((signal) => getOrganisation(signal), []);
  const log = useRequest(
    async (signal) => {
      const pages = await Promise.all(cursors.map((before) => readAudit({ ...query, before }, signal)));
      return { entries: pages.flatMap((p) => p.entries), next: pages.at(-1)?.next ?? null };
    },
    [query, cursors],
  );

  return (
    <SplitView
      className="admin-audit"
      placeholder="请在左侧选择一条记录"
      onBack={() => setSelected(null)}
      detail={selected ? <AuditEntryDetail entry={selected} /> : null}
      list={
        <>
          <Form
            className="admin-filters"
            layout="vertical"
            onFinish={(values: FilterValues) => {
              setSelected(null);
              setCursors([undefined]);
              setQuery(queryOf(values));
            }}
            footer={
              <Button block type="submit" color="primary">
                查询
              </Button>
            }
          >
            <Form.Item name="action" label="操作类别">
              <Selector options={ACTION_GROUPS} />
            </Form.Item>
            {org.data ? (
              <Form.Item name="actor" label="操作人">
                <PersonPicker org={org.data} title="选择操作人" placeholder="全部" />
              </Form.Item>
            ) : null}
            <Form.Item name="subjectType" label="对象类型">
              <Selector options={SUBJECT_TYPES} />
            </Form.Item>
            <Form.Item name="subjectId" label="对象编号">
              <Input placeholder="如用户账号、事项编号" clearable />
            </Form.Item>
            <Form.Item name="from" label="起始日期">
              <Input type="date" />
            </Form.Item>
            <Form.Item name="to" label="截止日期">
              <Input type="date" />
            </Form.Item>
          </Form>
          <AuditList state={log} onOpen={setSelected} onMore={(next) => setCursors((c) => [...c, next])} />
        </>
      }
    />
  );
}

function AuditList({
  state,
  onOpen,
  onMore,
}: {
  state: ReturnType<typeof useRequest<{ entries: AuditEntry[]; next: number | null }>>;
  onOpen: (entry: AuditEntry) => void;
  onMore: (next: number) => void;
}) {
  // A refused filter (a reversed date range) says why, rather than leaving the last answer on screen.
  if (state.error) return <LoadFailed error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading />;
  const { entries, next } = state.data;
  if (entries.length === 0) return <Empty text="没有符合条件的记录" />;
  return (
    <>
      <List mode="card" className="audit-list">
        {entries.map((e) => (
          <AuditEntryItem key={e.id} entry={e} onClick={() => onOpen(e)} />
        ))}
      </List>
      {next ? (
        <Button className="admin-more" block loading={state.loading} onClick={() => onMore(next)}>
          加载更多
        </Button>
      ) : null}
    </>
  );
}
