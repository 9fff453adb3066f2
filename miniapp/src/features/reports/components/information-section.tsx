import { Card } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { scoreText, UnitScoreTable } from '@/components/unit-score-table';
import { drillPath, type InformationSection as Information } from '../api/reports';
import { FigureRow } from './figure-row';

/** The measure word of each 政务信息 figure; a figure added later shows its number alone. */
const UNITS: Record<string, string> = {
  'information.reported': '篇',
  'information.adopted': '篇',
  'information.adoptedByCity': '条',
  'information.adoptedWhole': '篇',
  'information.commissionedReported': '篇',
  'information.commissionedAdopted': '篇',
  'information.score': '分',
};

/** 2026 → 2026年; 2026-03 → 2026年3月. */
const periodName = (period: string) =>
  period.length === 4 ? `${period}年` : `${Number(period.slice(0, 4))}年${Number(period.slice(5, 7))}月`;

/**
 * 政务信息 of the chosen period: each figure opening the items it counts, then the units' ranking (名次, 单位, 采用,
 * 得分) of the month or the year that matches the period, as the ranking is kept. Office-wide: with a unit or a type
 * chosen, a note says so.
 */
export function InformationSection({ information }: { information: Information | null }) {
  const navigate = useNavigate();
  if (information === null) {
    return (
      <Card title="政务信息" className="report-card report-information">
        <p className="muted">政务信息为全办统计，选择“全部单位”“全部类型”时显示。</p>
      </Card>
    );
  }
  const { ranking } = information;
  // Units with nothing reported or adopted share the last place; listing them all says nothing.
  const active = ranking.units.filter((u) => u.score > 0 || u.adopted > 0 || u.reported > 0);
  const idle = ranking.units.length - active.length;
  return (
    <Card title="政务信息" className="report-card report-information">
      {information.figures.map((f) => (
        <FigureRow
          key={f.id}
          name={f.id}
          label={f.label}
          value={f.id === 'information.score' ? scoreText(f.value) : String(f.value)}
          unit={UNITS[f.id] ?? ''}
          definition={`${f.definition}。依据${f.records}条记录。`}
          onOpen={
            f.records > 0 ? () => navigate(drillPath(f.id, { from: information.from, to: information.to })) : undefined
          }
        />
      ))}
      <div className="report-ranking" data-ranking={ranking.period}>
        <h3 className="report-subtitle">单位信息排名（{periodName(ranking.period)}）</h3>
        {ranking.kind === 'year' && information.from !== ranking.from ? (
          <p className="muted">排名按月或按年统计，此处为{periodName(ranking.period)}全年排名。</p>
        ) : null}
        {active.length === 0 ? (
          <p className="muted">该期间各单位无报送、采用信息。</p>
        ) : (
          <div className="report-table-wrap">
            <UnitScoreTable rows={active} className="report-table" />
          </div>
        )}
        {idle > 0 && active.length > 0 ? <p className="muted">其余{idle}个单位本期无报送、采用信息。</p> : null}
      </div>
    </Card>
  );
}
