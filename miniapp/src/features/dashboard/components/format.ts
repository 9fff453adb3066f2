/** A fraction as a percentage with one decimal (0.8571 → 85.7%); a dash when there is nothing to count. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** 按期办结率 over what is assessed: completed on time ÷ (on time + late + overdue and open). */
export function onTimeRate(onTime: number, late: number, overdue: number): number | null {
  const assessed = onTime + late + overdue;
  return assessed > 0 ? onTime / assessed : null;
}

/** The last `count` months up to `month` (YYYY-MM), oldest first. */
export function monthsUpTo(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** 2026-03 → 3月 */
export const monthLabel = (month: string) => `${Number(month.slice(5))}月`;
