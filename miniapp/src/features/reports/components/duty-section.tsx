import { Card } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { type DutyFigures, drillPath } from '../api/reports';
import { FigureRow } from './figure-row';

/** The measure word of each 值班信访 figure. */
const UNITS: Record<string, string> = {
  'duty.petitionVisits': '起',
  'duty.petitioners': '人次',
  'duty.collectiveVisits': '起',
  'duty.phoneCalls': '次',
  'duty.emergencyReports': '条',
};

const monthName = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;

/**
 * 值班信访 of the chosen period: visits (起, 人次, 集体访) and calls, each opening the records it counts, and the calls
 * month by month (each month opening its calls). Office-wide: with a unit or a type chosen, a note says so.
 */
export function DutySection({ duty }: { duty: DutyFigures | null }) {
  const navigate = useNavigate();
  if (duty === null) {
    return (
      <Card title="值班信访" className="report-card report-duty">
        <p className="muted">值班信访为全办统计，选择“全部单位”“全部类型”时显示。</p>
      </Card>
    );
  }
  const months = duty.phoneCallsByMonth;
  return (
    <Card title="值班信访" className="report-card report-duty">
      {duty.figures.map((f) => (
        <FigureRow
          key={f.id}
          name={f.id}
          label={f.label}
          value={String(f.value)}
          unit={UNITS[f.id] ?? ''}
          definition={`${f.definition}。依据${f.records}条记录。`}
          onOpen={f.records > 0 ? () => navigate(drillPath(f.id, { from: duty.from, to: duty.to })) : undefined}
        />
      ))}
      {months.length > 1 ? (
        <div className="report-table-wrap report-calls-by-month">
          <table className="report-table">
            <thead>
              <tr>
                <th>月份</th>
                <th>各类电话（次）</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr
                  key={m.month}
                  data-month={m.month}
                  className={m.count > 0 ? 'report-row-link' : undefined}
                  onClick={
                    m.count > 0 ? () => navigate(drillPath('duty.phoneCalls', { from: m.from, to: m.to })) : undefined
                  }
                >
                  <td className="name">{monthName(m.month)}</td>
                  <td>{m.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
