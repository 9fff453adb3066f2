// The 看板's colour rule is pure code of the mini-app, tested here where jest runs (no browser needed).
import { onTimeRate, percent, rateTone } from '../miniapp/src/features/dashboard/components/format';

describe('the 看板 colours a rate by its written rule: green from 95%, yellow from 85%, red below', () => {
  it.each([
    [1, 'good'],
    [0.95, 'good'],
    [0.9496, 'good'], // shown as 95.0%: coloured as it reads
    [0.9494, 'warn'], // shown as 94.9%
    [0.85, 'warn'],
    [0.8494, 'bad'],
    [0.65, 'bad'], // the reported case: 65% on time was shown green
    [0, 'bad'],
  ] as const)('%s → %s', (rate, tone) => {
    expect(rateTone(rate)).toBe(tone);
  });

  it('leaves a rate with nothing counted uncoloured, shown as a dash', () => {
    expect(rateTone(null)).toBeUndefined();
    expect(percent(null)).toBe('—');
  });

  it('counts the headline as the monthly line does: on time ÷ (on time + late + overdue and open)', () => {
    // 13 on time, 3 late, 4 overdue: 65%, red — not the 76.5% of on time ÷ completed.
    expect(onTimeRate(13, 3, 4)).toBeCloseTo(0.65, 10);
    expect(rateTone(onTimeRate(13, 3, 4))).toBe('bad');
    expect(onTimeRate(0, 0, 0)).toBeNull();
  });
});
