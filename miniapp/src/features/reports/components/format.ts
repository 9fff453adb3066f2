import type { Figure } from '../api/reports';

/** A fraction as a percentage with one decimal (0.8571 → 85.7%). */
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** The unit a dashboard figure is counted in: documents 件, matters 项, meetings 次, notices 期. */
export function unitOf(figure: Pick<Figure, 'id' | 'kind'>): string {
  if (figure.kind === 'rate') return '';
  if (figure.kind === 'workdays') return '个工作日';
  if (figure.id === 'meetings.disciplineNotices') return '期';
  if (figure.id.startsWith('matters.')) return '项';
  if (figure.id.startsWith('meetings.')) return '次';
  return '件';
}

/** A figure's value as shown: a count or working days as the number, a rate as a percentage; a dash for none. */
export function valueText(figure: Pick<Figure, 'kind' | 'value'>): string {
  if (figure.value === null) return '—';
  return figure.kind === 'rate' ? percent(figure.value) : String(figure.value);
}

/** The change on the same dates a year earlier: rates in percentage points, the rest in their own unit. */
export function changeText(figure: Figure): string {
  if (figure.lastYear === null || figure.change === null) return '上年同期无可比数据';
  if (figure.change === 0) return '与上年同期持平';
  const rate = figure.kind === 'rate';
  const up = figure.change > 0;
  const word = rate ? (up ? '提高' : '下降') : up ? '增加' : '减少';
  const amount = rate
    ? `${(Math.abs(figure.change) * 100).toFixed(1)}个百分点`
    : `${Math.abs(figure.change)}${unitOf(figure)}`;
  return `较上年同期（${valueText({ kind: figure.kind, value: figure.lastYear })}${unitOf(figure)}）${word}${amount}`;
}
