import { Button, CapsuleTabs, List, SearchBar, Tabs } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import {
  DONE_STATUSES,
  listMatters,
  type MatterSource,
  type MatterStatus,
  OPEN_STATUSES,
  SOURCES,
} from '../api/matters';
import { MatterItem } from './matter-item';

const STATUS_TABS: { key: string; title: string; statuses?: readonly MatterStatus[] }[] = [
  { key: 'open', title: '在办', statuses: OPEN_STATUSES },
  { key: 'done', title: '已办结', statuses: DONE_STATUSES },
  { key: 'returned', title: '已退回', statuses: ['returned'] },
  { key: 'all', title: '全部' },
];

/** 督办事项 by status and source, with a search over titles and numbers. */
export function MattersPage() {
  usePageTitle('督办事项');
  const { user } = useMe();
  const navigate = useNavigate();
  const [status, setStatus] = useState('open');
  const [source, setSource] = useState<MatterSource | 'all'>('all');
  const [q, setQ] = useState('');
  const statuses = STATUS_TABS.find((t) => t.key === status)?.statuses;
  const matters = useRequest(
    (signal) => listMatters({ status: statuses, source: source === 'all' ? undefined : source, q, limit: 200 }, signal),
    [status, source, q],
  );

  return (
    <div className="page matters-page">
      <div className="page-toolbar">
        <SearchBar placeholder="搜索标题或编号" onSearch={setQ} onClear={() => setQ('')} />
        {hasRole(user, 'supervision_office') ? (
          <Button color="primary" size="small" onClick={() => navigate('/m/matters/new')}>
            交办
          </Button>
        ) : null}
      </div>
      <Tabs activeKey={status} onChange={setStatus}>
        {STATUS_TABS.map((t) => (
          <Tabs.Tab key={t.key} title={t.title} />
        ))}
      </Tabs>
      <CapsuleTabs activeKey={source} onChange={(key) => setSource(key as MatterSource | 'all')}>
        <CapsuleTabs.Tab key="all" title="全部来源" />
        {SOURCES.map(([code, name]) => (
          <CapsuleTabs.Tab key={code} title={name} />
        ))}
      </CapsuleTabs>
      {matters.error ? (
        <LoadFailed error={matters.error} onRetry={matters.reload} />
      ) : !matters.data ? (
        <Loading />
      ) : matters.data.matters.length === 0 ? (
        <Empty text="暂无督办事项" />
      ) : (
        <List header={`共${matters.data.total}项`}>
          {matters.data.matters.map((m) => (
            <MatterItem key={m.id} matter={m} />
          ))}
        </List>
      )}
    </div>
  );
}
