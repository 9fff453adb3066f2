import { Card } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { formatDate } from '@/lib/dates';
import { drillPath, type LedgersSection, type ResearchSection, type SectionFigure } from '../api/reports';
import { FigureRow } from './figure-row';
import './office-work.css';

/** The measure word of the figures whose label does not already carry one (those with （份） and the like do). */
const UNITS: Record<string, string> = {
  'ledgers.honours': '项',
  'ledgers.receptions': '次',
  'ledgers.receptionsProvincialCity': '次',
  'ledgers.receptionsResearch': '次',
};

/** The ledgers in the groups of the year-end summary; a figure added later falls under 其他. */
const GROUPS: { title: string; ids: string[] }[] = [
  {
    title: '荣誉与接待',
    ids: ['ledgers.honours', 'ledgers.receptions', 'ledgers.receptionsProvincialCity', 'ledgers.receptionsResearch'],
  },
  { title: '简报', ids: ['ledgers.briefs'] },
  {
    title: '学习教育',
    ids: ['ledgers.practicalDeeds', 'ledgers.problemLists', 'ledgers.problemsFound', 'ledgers.problemsRectified'],
  },
  { title: '结对帮扶', ids: ['ledgers.pairingVisits', 'ledgers.pairingFunds', 'ledgers.housingFunds'] },
  { title: '双创', ids: ['ledgers.civicFunds', 'ledgers.civicActivities'] },
];

function Figures({ figures, period }: { figures: SectionFigure[]; period: { from: string; to: string } }) {
  const navigate = useNavigate();
  return figures.map((f) => (
    <FigureRow
      key={f.id}
      name={f.id}
      label={f.label}
      value={String(f.value)}
      unit={UNITS[f.id] ?? ''}
      definition={`${f.definition}。依据${f.records}条记录。`}
      onOpen={f.records > 0 ? () => navigate(drillPath(f.id, period)) : undefined}
    />
  ));
}

/**
 * 调研与台账: the period's research (调研报告, 存在问题, 转为督办事项) and the registers and ledgers of the whole year
 * the period ends in, as the year-end summary counts them; each figure opens the records it counts. Office-wide:
 * with a unit or a type chosen, a note says so.
 */
export function OfficeWorkSection({
  research,
  ledgers,
}: {
  research: ResearchSection | null;
  ledgers: LedgersSection | null;
}) {
  if (research === null || ledgers === null) {
    return (
      <Card title="调研与台账" className="report-card report-office-work">
        <p className="muted">调研与台账为全办统计，选择“全部单位”“全部类型”时显示。</p>
      </Card>
    );
  }
  const grouped = new Set(GROUPS.flatMap((g) => g.ids));
  const groups = [...GROUPS, { title: '其他', ids: ledgers.figures.map((f) => f.id).filter((id) => !grouped.has(id)) }];
  const series = ledgers.briefsBySeries.map((s) => `${s.series}${s.issues}期`).join('、');
  return (
    <Card title="调研与台账" className="report-card report-office-work">
      <h3 className="report-subtitle">调研</h3>
      <Figures figures={research.figures} period={research} />
      <h3 className="report-subtitle">{`台账（${ledgers.from.slice(0, 4)}年全年）`}</h3>
      <p className="muted">
        按{formatDate(ledgers.from)}至{formatDate(ledgers.to)}登记的台账统计，与年度工作总结口径一致。
      </p>
      {groups.map((g) => {
        const rows = g.ids.flatMap((id) => ledgers.figures.filter((f) => f.id === id));
        if (rows.length === 0) return null;
        return (
          <div key={g.title} className="report-ledger-group" data-group={g.title}>
            <h4 className="report-subtitle">{g.title}</h4>
            <Figures figures={rows} period={ledgers} />
            {g.ids.includes('ledgers.briefs') && series ? <p className="muted">其中：{series}。</p> : null}
          </div>
        );
      })}
    </Card>
  );
}
