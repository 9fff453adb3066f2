import { RightOutline } from 'antd-mobile-icons';
import type { ReactNode } from 'react';

/**
 * One figure: its name and value (tap to list the records it counts), a note such as last year's value, and its
 * written definition behind 口径说明.
 */
export function FigureRow({
  name,
  label,
  value,
  unit,
  note,
  definition,
  onOpen,
  children,
}: {
  name: string;
  label: string;
  /** Null: the records cannot back it, a person fills it in. */
  value: string | null;
  unit?: string;
  note?: string;
  definition: string;
  onOpen?: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="report-figure" data-figure={name}>
      <button type="button" className="report-figure-main" onClick={onOpen} disabled={!onOpen}>
        <span className="report-figure-label">{label}</span>
        {value === null ? (
          <span className="report-gap">无记录，待填写</span>
        ) : (
          <span className="report-figure-amount">
            <span className="report-figure-value">{value}</span>
            {unit ? <span className="report-figure-unit">{unit}</span> : null}
          </span>
        )}
        {onOpen ? <RightOutline className="report-figure-arrow" /> : null}
      </button>
      {note ? <div className="report-figure-note">{note}</div> : null}
      <details className="report-definition">
        <summary>口径说明</summary>
        <p>{definition}</p>
      </details>
      {children}
    </div>
  );
}
