import { CapsuleTabs, List, SearchBar, Tabs, Tag } from 'antd-mobile';
import { useState } from 'react';
import { DeadlineTag } from '@/components/deadline-tag';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { RecordItem } from '@/components/record-item';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatInstant } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { type DocumentListItem, type DocumentQuery, listDocuments } from '../api/documents';
import { RegisterPaperButton } from './paper-forms';
import { deadlineStateOf } from './timing';

const KIND_TABS = [
  { key: 'all', title: '全部' },
  { key: 'incoming', title: '收文' },
  { key: 'outgoing', title: '发文' },
] as const;

const FILTERS: { key: string; title: string; query: DocumentQuery }[] = [
  { key: 'open', title: '在办', query: { status: 'open' } },
  { key: 'overdue', title: '已逾期', query: { status: 'open', overdue: true } },
  { key: 'completed', title: '已办结', query: { status: 'completed' } },
  { key: 'refused', title: '已退回', query: { status: 'refused' } },
  { key: 'all', title: '全部状态', query: {} },
];

/** 公文: incoming and outgoing documents, open, overdue or done, with their next deadline. */
export function DocumentsPage() {
  usePageTitle('公文');
  const [kind, setKind] = useState<string>('all');
  const [filter, setFilter] = useState('open');
  const [q, setQ] = useState('');
  const documents = useRequest(
    (signal) =>
      listDocuments(
        {
          ...(FILTERS.find((f) => f.key === filter)?.query ?? {}),
          ...(kind === 'incoming' || kind === 'outgoing' ? { kind } : {}),
          ...(q.trim() ? { q: q.trim() } : {}),
        },
        signal,
      ),
    [kind, filter, q],
  );

  return (
    <div className="page documents-page">
      <div className="page-toolbar">
        <SearchBar placeholder="搜索标题或文号" onSearch={setQ} onClear={() => setQ('')} />
        {documents.data?.canRegister ? <RegisterPaperButton /> : null}
      </div>
      <Tabs activeKey={kind} onChange={setKind}>
        {KIND_TABS.map((t) => (
          <Tabs.Tab key={t.key} title={t.title} />
        ))}
      </Tabs>
      <CapsuleTabs activeKey={filter} onChange={setFilter}>
        {FILTERS.map((f) => (
          <CapsuleTabs.Tab key={f.key} title={f.title} />
        ))}
      </CapsuleTabs>
      {documents.error ? (
        <LoadFailed error={documents.error} onRetry={documents.reload} />
      ) : !documents.data ? (
        <Loading />
      ) : documents.data.items.length === 0 ? (
        <Empty text="暂无公文" />
      ) : (
        <List header={`共${documents.data.total}件`}>
          {documents.data.items.map((d) => (
            <DocumentItem key={d.id} doc={d} />
          ))}
        </List>
      )}
    </div>
  );
}

function DocumentItem({ doc }: { doc: DocumentListItem }) {
  const deadline = deadlineStateOf(doc.nextDeadline);
  const current = doc.currentSteps.map((s) => `${s.stageLabel}${s.assigneeName ? `：${s.assigneeName}` : ''}`);
  return (
    <RecordItem
      className="document-item"
      data-document={doc.id}
      path={`/m/document/${doc.id}`}
      tags={
        <>
          <Tag color={doc.kind === 'incoming' ? 'primary' : 'success'} fill="outline" className="source-tag">
            {doc.kindLabel}
          </Tag>
          {doc.urgency !== 'normal' ? (
            <Tag color="danger" className="source-tag">
              {doc.urgencyLabel}
            </Tag>
          ) : null}
        </>
      }
      title={doc.title}
      meta={
        <>
          {doc.docNumber ? <span>{doc.docNumber}</span> : null}
          <span>{formatInstant(doc.receivedAt).slice(0, 10)}</span>
          {current.length ? <span>当前：{current.join('，')}</span> : <span>{doc.statusLabel}</span>}
        </>
      }
      extra={deadline ? <DeadlineTag state={deadline} /> : null}
    />
  );
}
