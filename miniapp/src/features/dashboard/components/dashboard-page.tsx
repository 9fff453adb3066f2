import { Card, Grid, List, Popup, Tag } from 'antd-mobile';
import { lazy, Suspense, useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { CardList } from '@/components/card-list';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useMe } from '@/lib/auth';
import { formatDate, formatInstant, todayInShanghai } from '@/lib/dates';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import {
  getBulletins,
  getDocumentFigures,
  getMattersOf,
  getMonthFigures,
  getOverview,
  TIMELINESS,
  type Timeliness,
} from '../api/dashboard';
import { monthsUpTo, ON_TIME_RATE_DEFINITION, onTimeRate, percent, RATE_TONE_RULE, rateTone } from './format';
import { MatterDrill } from './matter-drill';
import { OverdueRanking } from './overdue-ranking';

const TrendChart = lazy(() => import('./trend-chart'));

const TREND_MONTHS = 6;

/** 领导看板: the year's matters at a glance, overdue by unit, the monthly trend, documents' timeliness, bulletins. */
export function DashboardPage() {
  usePageTitle('领导看板');
  const { user } = useMe();
  const today = todayInShanghai();
  const year = Number(today.slice(0, 4));
  const [drill, setDrill] = useState<{ timeliness: Timeliness; unit?: string } | null>(null);
  const navigate = useNavigate();

  if (!hasRole(user, 'leader', 'supervision_office')) return <Navigate to="/m/todo" replace />;
  return (
    <div className="page dashboard-page">
      <SupervisionFigures year={year} onDrill={(timeliness) => setDrill({ timeliness })} />
      <OverdueRanking
        year={year}
        header="逾期未办结 · 单位排名"
        className="overdue-ranking"
        countText={(count) => `${count}项`}
        onOpen={(unit) => setDrill({ timeliness: 'overdue', unit: unit.id })}
      />
      <Trend month={today.slice(0, 7)} />
      <DocumentTimeliness from={`${year}-01-01`} to={today} />
      <Bulletins />
      <List header="统计报表" mode="card" className="report-links">
        <List.Item onClick={() => navigate('/m/reports/annual')} description="年度工作总结所需数据，可下载总结文稿">
          年度数据
        </List.Item>
        <List.Item onClick={() => navigate('/m/reports')} description="按期间、单位、类型统计，含同比和明细">
          统计分析
        </List.Item>
      </List>
      <Popup visible={drill !== null} onMaskClick={() => setDrill(null)} destroyOnClose bodyClassName="drill-popup">
        {drill ? <DrillDown year={year} timeliness={drill.timeliness} unit={drill.unit} /> : null}
      </Popup>
    </div>
  );
}

function Figure({
  name,
  value,
  tone,
  onClick,
}: {
  name: string;
  value: string | number;
  tone?: string;
  onClick?: () => void;
}) {
  return (
    <button type="button" className={`figure ${tone ?? ''}`} onClick={onClick} disabled={!onClick} data-figure={name}>
      <span className="figure-value">{value}</span>
      <span className="figure-name">{name}</span>
    </button>
  );
}

/** How the on-time rate is counted and coloured, under each figure that shows it. */
function RateDefinition() {
  return (
    <p className="rate-definition">
      {ON_TIME_RATE_DEFINITION}；{RATE_TONE_RULE}。
    </p>
  );
}

function SupervisionFigures({ year, onDrill }: { year: number; onDrill: (t: Timeliness) => void }) {
  const overview = useRequest((signal) => getOverview(year, signal), [year]);
  if (overview.error) return <LoadFailed error={overview.error} onRetry={overview.reload} />;
  if (!overview.data) return <Loading />;
  const { total, byTimeliness: t, byLight } = overview.data;
  const count = (key: Timeliness) => t[key] ?? 0;
  const open = count('not_due') + count('due_soon') + count('extended') + count('overdue');
  const rate = onTimeRate(count('completed_on_time'), count('completed_late'), count('overdue'));
  return (
    <Card title={`督办事项总览（${year}年）`} className="dashboard-card">
      <Grid columns={3} gap={8}>
        <Grid.Item>
          <Figure name="事项总数" value={total} />
        </Grid.Item>
        <Grid.Item>
          <Figure name="在办" value={open} />
        </Grid.Item>
        <Grid.Item>
          <Figure name="按期办结率" value={percent(rate)} tone={rateTone(rate)} />
        </Grid.Item>
        {TIMELINESS.map(([key, name]) => (
          <Grid.Item key={key}>
            <Figure
              name={name}
              value={count(key)}
              tone={key === 'overdue' ? 'bad' : key === 'due_soon' ? 'warn' : undefined}
              onClick={count(key) ? () => onDrill(key) : undefined}
            />
          </Grid.Item>
        ))}
      </Grid>
      <div className="lights">
        <span className="light red">红牌 {byLight.red}</span>
        <span className="light yellow">黄牌 {byLight.yellow}</span>
        <span className="light blue">蓝牌 {byLight.blue}</span>
      </div>
      <RateDefinition />
    </Card>
  );
}

function Trend({ month }: { month: string }) {
  const months = useRequest(
    (signal) => Promise.all(monthsUpTo(month, TREND_MONTHS).map((m) => getMonthFigures(m, signal))),
    [month],
  );
  return (
    <Card title="月度趋势（近6个月）" className="dashboard-card">
      {months.error ? (
        <LoadFailed error={months.error} onRetry={months.reload} />
      ) : !months.data ? (
        <Loading />
      ) : (
        <Suspense fallback={<Loading text="正在加载图表" />}>
          <TrendChart months={months.data} />
        </Suspense>
      )}
      <RateDefinition />
    </Card>
  );
}

function DocumentTimeliness({ from, to }: { from: string; to: string }) {
  const figures = useRequest((signal) => getDocumentFigures(from, to, signal), [from, to]);
  if (figures.error) return <LoadFailed error={figures.error} onRetry={figures.reload} />;
  if (!figures.data) return <Loading />;
  const f = figures.data;
  return (
    <Card title={`公文办理时效（${formatDate(from)}至今）`} className="dashboard-card">
      <Grid columns={3} gap={8}>
        <Grid.Item>
          <Figure name="收文" value={f.received} />
        </Grid.Item>
        <Grid.Item>
          <Figure name="发文" value={f.drafted} />
        </Grid.Item>
        <Grid.Item>
          <Figure
            name="收文办结率"
            value={percent(f.completionRate.incoming)}
            tone={rateTone(f.completionRate.incoming)}
          />
        </Grid.Item>
      </Grid>
      <List className="limit-figures">
        {f.limits.map((l) => (
          <List.Item
            key={`${l.kind}-${l.purpose}`}
            description={`已办${l.count}件，按时${l.onTime}件${l.averageWorkdays === null ? '' : `，平均${l.averageWorkdays}个工作日`}`}
            extra={<span data-rate={`${l.kind}-${l.purpose}`}>{percent(l.onTimeRate)}</span>}
          >
            {l.label}按时率
          </List.Item>
        ))}
      </List>
    </Card>
  );
}

function Bulletins() {
  const navigate = useNavigate();
  const bulletins = useRequest((signal) => getBulletins(signal), []);
  if (bulletins.error) return <LoadFailed error={bulletins.error} onRetry={bulletins.reload} />;
  if (!bulletins.data) return <Loading />;
  return (
    <CardList header="督查通报" className="bulletins" count={bulletins.data.length} empty="尚未发布督查通报">
      {bulletins.data.map((b) => (
        <List.Item
          key={b.id}
          onClick={() => navigate(`/m/bulletin/${b.id}`)}
          description={b.publishedAt ? `发布于 ${formatInstant(b.publishedAt)}` : undefined}
        >
          {b.title}
        </List.Item>
      ))}
    </CardList>
  );
}

/** The matters behind a figure, each opening its own page. */
function DrillDown({ year, timeliness, unit }: { year: number; timeliness: Timeliness; unit?: string }) {
  const matters = useRequest((signal) => getMattersOf(year, timeliness, signal), [year, timeliness]);
  const name = TIMELINESS.find(([key]) => key === timeliness)?.[1] ?? '';
  if (matters.error) return <LoadFailed error={matters.error} onRetry={matters.reload} />;
  if (!matters.data) return <Loading />;
  const rows = unit ? matters.data.filter((m) => m.leadDepartment.id === unit) : matters.data;
  const title = unit ? `${rows[0]?.leadDepartment.name ?? ''} · ${name}` : name;
  return (
    <MatterDrill
      title={title}
      rows={rows}
      empty="没有事项"
      withUnit
      extra={(m) => <Tag fill="outline">{m.sourceName}</Tag>}
    />
  );
}
