import { List } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Empty } from '@/components/page-state';
import { formatDate } from '@/lib/dates';
import type { DrillMatter } from '../api/dashboard';

interface MatterDrillProps {
  title: string;
  rows: DrillMatter[];
  /** What the popup says when there is no matter. */
  empty: string;
  /** Name each matter's lead unit (when the rows are not of one unit). */
  withUnit: boolean;
  /** What stands on a row's right. */
  extra: (matter: DrillMatter) => ReactNode;
}

/** The matters behind a figure, in a popup, each opening its own page. */
export function MatterDrill({ title, rows, empty, withUnit, extra }: MatterDrillProps) {
  const navigate = useNavigate();
  return (
    <div className="drill-down">
      <div className="form-popup-title">
        {title}（{rows.length}项）
      </div>
      {rows.length === 0 ? (
        <Empty text={empty} />
      ) : (
        <List>
          {rows.map((m) => (
            <List.Item
              key={m.id}
              onClick={() => navigate(`/m/matter/${m.id}`)}
              description={[
                m.number,
                withUnit ? m.leadDepartment.name : null,
                m.deadline ? `时限${formatDate(m.deadline.dueDate)}` : null,
                m.urgeCount ? `已催办${m.urgeCount}次` : null,
              ]
                .filter(Boolean)
                .join(' · ')}
              extra={extra(m)}
            >
              {m.title}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
