import { Popover, Tag } from 'antd-mobile';

/** Why a date is an estimate: its year's holiday schedule is not yet published (docs/time-limits.md §2.5). */
export function estimateExplanation(date: string): string {
  return `${date.slice(0, 4)}年放假安排尚未发布，此日期按法定节假日预计，待国务院办公厅通知发布后自动更新。`;
}

const BARE = { border: 0, background: 'none', padding: 0, marginLeft: 4, font: 'inherit' } as const;

/**
 * A small 「预计」 to drop beside a date the server marks `estimated` (computed over a year without the State
 * Council's notice); tapping it explains why, without opening the row it sits in.
 */
export function EstimateMark({ date }: { date: string }) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: it only keeps taps on the mark and on its explanation (a portal, still in this React tree) from opening the row.
    <span role="presentation" onClick={(e) => e.stopPropagation()}>
      <Popover content={estimateExplanation(date)} trigger="click" placement="top">
        <button type="button" className="estimate-mark" style={BARE} aria-label="预计日期，点击查看说明">
          <Tag color="warning" fill="outline">
            预计
          </Tag>
        </button>
      </Popover>
    </span>
  );
}
