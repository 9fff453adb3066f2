import { Button, Card, List, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Empty, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { formatDate } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { type Drill, getDrill, type Scope } from '../api/reports';
import { ReportFailed } from './report-state';
import './reports.css';

const PAGE = 50;

/** The records a figure counts (`?figure=…&from=…&to=…[&unit][&type]`), each opening its own page. */
export function DrillPage() {
  const [params] = useSearchParams();
  const scope: Scope = {
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    unit: params.get('unit') ?? undefined,
    type: params.get('type') ?? undefined,
  };
  // A new query starts a new list.
  return <DrillList key={params.toString()} figure={params.get('figure') ?? ''} scope={scope} />;
}

function DrillList({ figure, scope }: { figure: string; scope: Scope }) {
  const first = useRequest((signal) => getDrill(figure, scope, 0, PAGE, signal), []);
  const [more, setMore] = useState<Drill['items']>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  usePageTitle(first.data ? `${first.data.figure.label} · 明细` : '统计明细');

  if (first.error) return <ReportFailed error={first.error} onRetry={first.reload} />;
  if (!first.data) return <Loading />;
  const data = { ...first.data, items: [...first.data.items, ...more] };
  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const next = await getDrill(figure, scope, data.items.length, PAGE);
      setMore((m) => [...m, ...next.items]);
    } catch (err) {
      Toast.show({ content: errorText(err) });
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <div className="page report-page drill-page">
      <Card className="report-head">
        <h1 className="report-title">{data.figure.label}</h1>
        <p className="muted">
          {formatDate(data.from)}至{formatDate(data.to)}，共{data.total}条记录
        </p>
        <p className="report-definition-text">口径：{data.figure.definition}</p>
      </Card>
      {data.total === 0 ? <Empty text="该期间没有统计到记录" /> : <Records drill={data} />}
      {data.items.length < data.total ? (
        <div className="report-more">
          <Button size="small" loading={loadingMore} onClick={() => void loadMore()}>
            加载更多（已显示{data.items.length}条，共{data.total}条）
          </Button>
        </div>
      ) : null}
    </div>
  );
}

/** The measure word a figure's label ends with in brackets (筹集帮扶资金（万元） → 万元), else none. */
const measureOf = (label: string) => /（([^（）]+)）$/.exec(label)?.[1] ?? '';

function Records({ drill }: { drill: Drill }) {
  const navigate = useNavigate();
  return (
    <List mode="card" className="drill-records">
      {drill.items.map((item, i) => (
        <List.Item
          // biome-ignore lint/suspicious/noArrayIndexKey: a record can be listed twice (one row per 催办), and the list only grows at its end.
          key={`${item.link}-${i}`}
          data-link={item.link}
          onClick={() => navigate(item.link)}
          description={[item.number, formatDate(item.date)].filter(Boolean).join(' · ')}
          extra={
            item.workdays !== undefined ? (
              <span>{item.workdays}个工作日</span>
            ) : item.amount !== undefined ? (
              <span className="drill-amount">
                {Math.round(item.amount * 100) / 100}
                {measureOf(drill.figure.label)}
              </span>
            ) : item.counted !== undefined ? (
              <Tag color={item.counted ? 'success' : 'default'} fill="outline">
                {item.counted ? '计入' : '未计入'}
              </Tag>
            ) : null
          }
        >
          {item.title}
        </List.Item>
      ))}
    </List>
  );
}
