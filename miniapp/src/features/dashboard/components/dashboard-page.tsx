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
import { type Dashboard, getDashboard, getMattersOf, TIMELINESS, type Timeliness } from '../api/dashboard';
import { ON_TIME_RATE_DEFINITION, onTimeRate, percent, RATE_TONE_RULE, rateTone } from './format';
import { MatterDrill } from './matter-drill';
import { OverdueRanking } from './overdue-ranking';

const TrendChart = lazy(() => import('./trend-chart'));

/**
 * 领导看板: the year's matters at a glance, overdue by unit, the monthly trend, documents' timeliness, bulletins —
 * all from one request; the server ranks the units.
 */
export function DashboardPage() {
  usePageTitle('领导看板');
  const { user } = useMe();
  const year = Number(todayInShanghai().slice(0, 4));
  const navigate = useNavigate();

  if (!hasRole(user, 'leader', 'supervision_office')) return <Navigate to="/m/todo" replace />;
  return (
    <div className="page dashboard-page">
      <Board year={year} />
      <List header="统计报表" mode="card" className="report-links">
        <List.Item onClick={() => navigate('/m/reports/annual')} description="年度工作总结所需数据，可下载总结文稿">
          年度数据
        </List.Item>
        <List.Item onClick={() => navigate('/m/reports')} description="按期间、单位、类型统计，含同比和明细">
          统计分析
        </List.Item>
      </List>
    </div>
  );
}

/** What the one request answers, each part in its card; a figure or a unit opens its matters. */
function Board({ year }: { year: number }) {
  const board = useRequest((signal) => getDashboard(year, signal), [year]);
  const [drill, setDrill] = useState<{ timeliness: Timeliness; unit?: { id: string; name: string } } | null>(null);
  if (board.error) return <LoadFailed error={board.error} onRetry={board.reload} />;
  if (!board.data) return <Loading />;
  const { overview, overdueByUnit, trend, documents, bulletins } = board.data;
  return (
    <>
      <SupervisionFigures year={year} overview={overview} onDrill={(timeliness) => setDrill({ timeliness })} />
      <OverdueRanking
        units={overdueByUnit}
        header="逾期未办结 · 单位排名"
        className="overdue-ranking"
        countText={(count) => `${count}项`}
        onOpen={(unit) => setDrill({ timeliness: 'overdue', unit })}
      />
      <Card title={`月度趋势（近${trend.length}个月）`} className="dashboard-card">
        <Suspense fallback={<Loading text="正在加载图表" />}>
          <TrendChart months={trend} />
        </Suspense>
        <RateDefinition />
      </Card>
      <DocumentTimeliness figures={documents} />
      <DutyFigures duty={board.data.duty} />
      <Bulletins bulletins={bulletins} />
      <Popup visible={drill !== null} onMaskClick={() => setDrill(null)} destroyOnClose bodyClassName="drill-popup">
        {drill ? <DrillDown year={year} timeliness={drill.timeliness} unit={drill.unit} /> : null}
      </Popup>
    </>
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

function SupervisionFigures({
  year,
  overview,
  onDrill,
}: {
  year: number;
  overview: Dashboard['overview'];
  onDrill: (t: Timeliness) => void;
}) {
  const { total, byTimeliness: t, byLight } = overview;
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

function DocumentTimeliness({ figures: f }: { figures: Dashboard['documents'] }) {
  return (
    <Card title={`公文办理时效（${formatDate(f.from)}至今）`} className="dashboard-card">
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

/** What the 值班信访 block shows, in order: the figure, its name and measure word. */
const DUTY_FIGURES = [
  ['duty.petitionVisits', '来访', '起'],
  ['duty.petitioners', '来访人次', '人次'],
  ['duty.collectiveVisits', '集体访', '起'],
  ['duty.phoneCalls', '值班电话', '次'],
] as const;

/** 值班信访 since 1 January: 来访 N起 N人次 (集体访 N), 电话 N — each opening the records it counts. */
function DutyFigures({ duty }: { duty: Dashboard['duty'] }) {
  const navigate = useNavigate();
  const figure = (id: string) => duty.figures.find((f) => f.id === id);
  const drill = (id: string) =>
    navigate(`/m/reports/drill?${new URLSearchParams({ figure: id, from: duty.from, to: duty.to })}`);
  return (
    <Card title={`值班信访（${formatDate(duty.from)}至今）`} className="dashboard-card duty-figures">
      <Grid columns={4} gap={8}>
        {DUTY_FIGURES.map(([id, name, unit]) => {
          const f = figure(id);
          return (
            <Grid.Item key={id}>
              <Figure
                name={name}
                value={`${f?.value ?? 0}${unit}`}
                onClick={f?.records ? () => drill(id) : undefined}
              />
            </Grid.Item>
          );
        })}
      </Grid>
      <p className="rate-definition">集体访：{figure('duty.collectiveVisits')?.definition}。点击数字查看明细。</p>
    </Card>
  );
}

function Bulletins({ bulletins }: { bulletins: Dashboard['bulletins'] }) {
  const navigate = useNavigate();
  return (
    <CardList header="督查通报" className="bulletins" count={bulletins.length} empty="尚未发布督查通报">
      {bulletins.map((b) => (
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
function DrillDown({
  year,
  timeliness,
  unit,
}: {
  year: number;
  timeliness: Timeliness;
  unit?: { id: string; name: string };
}) {
  const matters = useRequest(
    (signal) => getMattersOf(year, timeliness, unit?.id, signal),
    [year, timeliness, unit?.id],
  );
  const name = TIMELINESS.find(([key]) => key === timeliness)?.[1] ?? '';
  if (matters.error) return <LoadFailed error={matters.error} onRetry={matters.reload} />;
  if (!matters.data) return <Loading />;
  return (
    <MatterDrill
      title={unit ? `${unit.name} · ${name}` : name}
      rows={matters.data}
      empty="没有事项"
      withUnit
      extra={(m) => <Tag fill="outline">{m.sourceName}</Tag>}
    />
  );
}
