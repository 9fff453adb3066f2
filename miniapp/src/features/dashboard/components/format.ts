/** A fraction as a percentage with one decimal (0.8571 → 85.7%); a dash when there is nothing to count. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/**
 * 按期办结率 as the bulletin defines it (bot-server/supervision/bulletin.ts), for the year's headline and each month's
 * trend alike; shown under both figures.
 */
export const ON_TIME_RATE_DEFINITION =
  '按期办结率 = 按期办结 ÷（按期办结 + 逾期办结 + 逾期未办结），按原定时限计，延期不改变考核';

/** The colour rule for a rate, written on the page beside the figure it colours. */
export const RATE_TONE_RULE = '不低于95%为绿色，不低于85%为黄色，低于85%为红色';

export type Tone = 'good' | 'warn' | 'bad';

/** Green from 95%, yellow from 85%, red below; no colour when there is nothing to count. */
export function rateTone(rate: number | null): Tone | undefined {
  if (rate === null) return undefined;
  // Rounded as shown (one decimal of a percent), so 94.96% shown as 95.0% is green, as it reads.
  const shown = Math.round(rate * 1000) / 10;
  return shown >= 95 ? 'good' : shown >= 85 ? 'warn' : 'bad';
}

/** 按期办结率 over what is assessed: completed on time ÷ (on time + late + overdue and open). */
export function onTimeRate(onTime: number, late: number, overdue: number): number | null {
  const assessed = onTime + late + overdue;
  return assessed > 0 ? onTime / assessed : null;
}

/** 2026-03 → 3月 */
export const monthLabel = (month: string) => `${Number(month.slice(5))}月`;
