import { Button, CapsuleTabs, List, Tabs, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { useMe } from '@/lib/auth';
import { dateOfInstant, formatDate, todayInShanghai } from '@/lib/dates';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { getItems, type InformationItem, type InformationStatus } from '../api/information';
import { ItemForm } from './information-form';
import { InformationRanking } from './information-ranking';
import { StatusTag } from './status-tag';
import { isOffice, useWriterOptions } from './use-writer-options';
import './information.css';

type Filter = { key: 'all' | InformationStatus; title: string };

/** The office (and the leaders) look for what waits on them; a unit for its drafts and what came back. */
const OFFICE_FILTERS: Filter[] = [
  { key: 'all', title: '全部' },
  { key: 'submitted', title: '待编辑' },
  { key: 'edited', title: '已编辑' },
  { key: 'reported', title: '已报送' },
  { key: 'returned', title: '已退回' },
];
const UNIT_FILTERS: Filter[] = [
  { key: 'all', title: '全部' },
  { key: 'draft', title: '草稿' },
  { key: 'submitted', title: '已提交' },
  { key: 'returned', title: '已退回' },
  { key: 'reported', title: '已报送' },
];

/** An item in the list: its title, unit, date, status, and its score once adopted. */
function ItemRow({ item, onClick }: { item: InformationItem; onClick: () => void }) {
  const when = item.submittedAt ? formatDate(dateOfInstant(item.submittedAt)) : '未提交';
  return (
    <List.Item
      className="information-item"
      onClick={onClick}
      description={`${item.unit.name} · ${when}${item.score ? ` · ${item.score}分` : ''}`}
      extra={<StatusTag item={item} />}
    >
      <div className="information-title">{item.title}</div>
    </List.Item>
  );
}

/** Items shown at a time; 加载更多 asks for the next. */
const PAGE = 50;

/** This year's items (and the drafts in hand), newest first, a page at a time. */
function ItemList({ year, filter }: { year: number; filter: Filter['key'] }) {
  const navigate = useNavigate();
  const status = filter === 'all' ? {} : { status: filter };
  const first = useRequest((signal) => getItems({ year, limit: PAGE, ...status }, signal), []);
  const [more, setMore] = useState<InformationItem[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  if (first.error && !first.data) return <LoadFailed error={first.error} onRetry={first.reload} />;
  if (!first.data) return <Loading />;
  const { total } = first.data;
  const shown = [...first.data.items, ...more];
  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const next = await getItems({ year, limit: PAGE, offset: shown.length, ...status });
      setMore((m) => [...m, ...next.items]);
    } catch (err) {
      Toast.show({ content: errorText(err) });
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <>
      <List mode="card" header={`${year}年政务信息（${total}条）`} className="information-list">
        {shown.length === 0 ? <List.Item>暂无政务信息</List.Item> : null}
        {shown.map((i) => (
          <ItemRow key={i.id} item={i} onClick={() => navigate(`/m/information/${i.id}`)} />
        ))}
      </List>
      {shown.length < total ? (
        <Button block fill="none" color="primary" loading={loadingMore} onClick={() => void loadMore()}>
          加载更多（已显示{shown.length}条，共{total}条）
        </Button>
      ) : null}
    </>
  );
}

/**
 * 政务信息: this year's items newest first, filtered by status (every unit's for the office and the leaders, a
 * unit's own for its staff), 撰写信息 for writers, and for the office and the leaders the units' ranking by score.
 */
export function InformationPage() {
  usePageTitle('政务信息');
  const { user } = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const seesAll = hasRole(user, 'supervision_office', 'meeting_office', 'leader');
  const filters = isOffice(user) || !hasRole(user, 'staff', 'unit_head') ? OFFICE_FILTERS : UNIT_FILTERS;
  const filter = filters.find((f) => f.key === params.get('status'))?.key ?? 'all';
  const year = todayInShanghai().slice(0, 4);
  const canWrite = hasRole(user, 'staff', 'unit_head', 'supervision_office', 'meeting_office');
  const writer = useWriterOptions(canWrite);
  const [writing, setWriting] = useState(false);

  const view = seesAll && params.get('view') === 'ranking' ? 'ranking' : 'items';
  const setView = (key: string) => setParams(key === 'ranking' ? { view: key } : {}, { replace: true });

  return (
    <div className="page information-page">
      {seesAll ? (
        <Tabs activeKey={view} onChange={setView} className="information-views">
          <Tabs.Tab key="items" title="信息列表" />
          <Tabs.Tab key="ranking" title="单位排名" />
        </Tabs>
      ) : null}
      {view === 'ranking' ? (
        <InformationRanking />
      ) : (
        <>
          {canWrite ? (
            <Button
              block
              color="primary"
              className="information-add"
              disabled={!writer.ready}
              onClick={() => setWriting(true)}
            >
              撰写信息
            </Button>
          ) : null}
          <CapsuleTabs activeKey={filter} onChange={(key) => setParams({ status: key }, { replace: true })}>
            {filters.map((f) => (
              <CapsuleTabs.Tab key={f.key} title={f.title} />
            ))}
          </CapsuleTabs>
          <ItemList key={filter} year={Number(year)} filter={filter} />
        </>
      )}
      {canWrite ? (
        <ItemForm
          visible={writing}
          item={null}
          units={writer.units}
          defaultUnit={writer.defaultUnit}
          matters={writer.matters}
          onClose={() => setWriting(false)}
          onSaved={(item) => navigate(`/m/information/${item.id}`)}
        />
      ) : null}
    </div>
  );
}
