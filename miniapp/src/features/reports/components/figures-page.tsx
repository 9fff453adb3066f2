import { Button, Card, Selector } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router';
import { Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatDate, todayInShanghai } from '@/lib/dates';
import { SOURCES } from '@/lib/matter-sources';
import { getOrganisation, unitOptions } from '@/lib/organisation';
import { useRequest } from '@/lib/use-request';
import { drillPath, type Figures, getFigures, type Scope } from '../api/reports';
import { DutySection } from './duty-section';
import { FigureRow } from './figure-row';
import { changeText, unitOf, valueText } from './format';
import { InformationSection } from './information-section';
import { OfficeWorkSection } from './office-work-section';
import { Forbidden, isForbidden, ReportFailed } from './report-state';
import './reports.css';

const PERIODS = [
  { label: '本月', value: 'month' },
  { label: '本季度', value: 'quarter' },
  { label: '本年', value: 'year' },
  { label: '自定义', value: 'custom' },
] as const;
type PeriodKind = (typeof PERIODS)[number]['value'];

/** What `type` can narrow the figures to (the server's FIGURE_TYPES): a document kind, a matter source, a meeting type. */
const TYPE_GROUPS: { label: string; options: readonly (readonly [string, string])[] }[] = [
  {
    label: '公文',
    options: [
      ['incoming', '收文'],
      ['outgoing', '发文'],
    ],
  },
  { label: '督办事项来源', options: SOURCES },
  {
    label: '会议类型',
    options: [
      ['executive', '区政府常务会议'],
      ['party_group', '区政府党组会议'],
      ['coordination', '专题协调会'],
      ['scheduling', '调度会'],
      ['other', '其他会议'],
      ['branch_assembly', '支部党员大会'],
      ['branch_committee', '支委会'],
      ['party_cell', '党小组会'],
      ['party_lecture', '党课'],
      ['theme_party_day', '主题党日'],
      ['group_study', '集中学习'],
      ['secretary_study', '秘书集中学习'],
    ],
  },
];

const AREAS = [
  { prefix: 'documents.', title: '公文办理' },
  { prefix: 'matters.', title: '督查督办' },
  { prefix: 'meetings.', title: '会议' },
];

/** This month, quarter or year up to today (Shanghai), or the dates given. */
function periodOf(
  kind: PeriodKind,
  today: string,
  from: string | null,
  to: string | null,
): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const month = (n: number) => `${y}-${String(n).padStart(2, '0')}-01`;
  if (kind === 'month') return { from: month(m), to: today };
  if (kind === 'quarter') return { from: month(Math.floor((m - 1) / 3) * 3 + 1), to: today };
  if (kind === 'custom' && from && to) return { from, to };
  return { from: `${y}-01-01`, to: today };
}

/** One end of a custom period, picked with the phone's own date picker; clearing it changes nothing. */
function DayInput({
  label,
  value,
  min,
  max,
  onPick,
}: {
  label: string;
  value: string;
  min?: string;
  max?: string;
  onPick: (day: string) => void;
}) {
  return (
    <input
      type="date"
      aria-label={label}
      value={value}
      min={min}
      max={max}
      onChange={(e) => e.target.value && onPick(e.target.value)}
    />
  );
}

/** 统计分析: the dashboard figures of a period, optionally of one unit and one type, each against last year. */
export function FiguresPage() {
  usePageTitle('统计分析');
  const [params, setParams] = useSearchParams();
  const today = todayInShanghai();
  const kind = (PERIODS.find((p) => p.value === params.get('period'))?.value ?? 'year') as PeriodKind;
  const scope: Scope = {
    ...periodOf(kind, today, params.get('from'), params.get('to')),
    unit: params.get('unit') ?? undefined,
    type: params.get('type') ?? undefined,
  };
  const organisation = useRequest((signal) => getOrganisation(signal), []);
  const figures = useRequest((signal) => getFigures(scope, signal), [scope.from, scope.to, scope.unit, scope.type]);
  // Every choice lives in the address, so coming back from a drill-down finds the same figures.
  const choose = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  if (isForbidden(figures.error)) return <Forbidden />;

  return (
    <div className="page report-page">
      <Card className="report-head">
        <Selector
          className="report-periods"
          columns={4}
          style={{ '--padding': '6px 0' }}
          options={PERIODS.map((p) => ({ label: p.label, value: p.value }))}
          value={[kind]}
          onChange={(v) => {
            const value = v[0];
            if (!value) return;
            choose(
              value === 'custom'
                ? { period: value, from: scope.from, to: scope.to }
                : { period: value, from: undefined, to: undefined },
            );
          }}
        />
        {kind === 'custom' ? (
          <div className="report-dates">
            <DayInput label="开始日期" value={scope.from} max={scope.to} onPick={(from) => choose({ from })} />
            <span>至</span>
            <DayInput label="结束日期" value={scope.to} min={scope.from} onPick={(to) => choose({ to })} />
          </div>
        ) : null}
        <div className="report-filters">
          <label className="report-select">
            <span>单位</span>
            <select value={scope.unit ?? ''} onChange={(e) => choose({ unit: e.target.value })}>
              <option value="">全部单位</option>
              {(organisation.data ? unitOptions(organisation.data) : []).map((u) => (
                <option key={u.value} value={u.value}>
                  {u.label}
                </option>
              ))}
            </select>
          </label>
          <label className="report-select">
            <span>类型</span>
            <select value={scope.type ?? ''} onChange={(e) => choose({ type: e.target.value })}>
              <option value="">全部类型</option>
              {TYPE_GROUPS.map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.options.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
        </div>
        <p className="muted">
          {formatDate(scope.from)}至{formatDate(scope.to)}（北京时间）；同比为上年同期。逾期情况截至查询时。
        </p>
      </Card>
      {figures.error ? (
        <ReportFailed error={figures.error} onRetry={figures.reload} />
      ) : !figures.data ? (
        <Loading />
      ) : (
        <FigureAreas figures={figures.data} scope={scope} />
      )}
    </div>
  );
}

function FigureAreas({ figures, scope }: { figures: Figures; scope: Scope }) {
  const navigate = useNavigate();
  return (
    <>
      <p className="muted report-last-year">
        上年同期：{formatDate(figures.lastYear.from)}至{formatDate(figures.lastYear.to)}
      </p>
      {AREAS.map((area) => {
        const rows = figures.figures.filter((f) => f.id.startsWith(area.prefix));
        if (rows.length === 0) return null;
        return (
          <Card key={area.prefix} title={area.title} className="report-card">
            {rows.map((f) => (
              <FigureRow
                key={f.id}
                name={f.id}
                label={f.label}
                value={valueText(f)}
                unit={f.value === null ? undefined : unitOf(f)}
                note={changeText(f)}
                definition={`${f.definition}。依据${f.records}条记录。`}
                onOpen={f.records > 0 ? () => navigate(drillPath(f.id, scope)) : undefined}
              />
            ))}
          </Card>
        );
      })}
      <BreakdownCard title="督办事项分单位（按期办结率排名）" rows={figures.byUnit} className="report-by-unit" ranked />
      <BreakdownCard title="督办事项分来源" rows={figures.bySource} className="report-by-source" />
      <DutySection duty={figures.duty} />
      <InformationSection information={figures.information} />
      <OfficeWorkSection research={figures.research} ledgers={figures.ledgers} />
      <div className="report-more">
        <Button size="small" fill="outline" color="primary" onClick={() => navigate('/m/reports/annual')}>
          查看年度数据
        </Button>
      </div>
    </>
  );
}

const rateText = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/**
 * Matters of the period by lead unit (in the server's order: on-time rate, then matters assigned) or by source:
 * 交办, 办结, 办结率, 逾期未办结, 按期办结率 — the definitions of the matter figures above.
 */
function BreakdownCard({
  title,
  rows,
  className,
  ranked = false,
}: {
  title: string;
  rows: Figures['byUnit'];
  className: string;
  ranked?: boolean;
}) {
  if (rows.length === 0) return null;
  return (
    <Card title={title} className={`report-card ${className}`}>
      <div className="report-table-wrap">
        <table className="report-table">
          <thead>
            <tr>
              {ranked ? <th>排名</th> : null}
              <th>{ranked ? '单位' : '来源'}</th>
              <th>交办</th>
              <th>办结率</th>
              <th>逾期</th>
              <th>按期率</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key}>
                {ranked ? <td>{i + 1}</td> : null}
                <td className="name">{r.name}</td>
                <td>{r.assigned}</td>
                <td>{rateText(r.completionRate)}</td>
                <td className={r.overdueOpen > 0 ? 'overdue' : undefined}>{r.overdueOpen}</td>
                <td>{rateText(r.onTimeRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
