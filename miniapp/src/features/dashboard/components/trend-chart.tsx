import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { TrendMonth } from '../api/dashboard';
import { monthLabel, rateTone, type Tone } from './format';

/** The figures' colours (app.css .figure.good/.warn/.bad), so a month's point reads as the headline does. */
const TONE_COLORS: Record<Tone, string> = { good: '#00b578', warn: '#ff8f1f', bad: '#ff3141' };

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Month by month: matters newly assigned, completed on time, overdue, and the on-time rate. Loaded only here. */
export default function TrendChart({ months }: { months: TrendMonth[] }) {
  const element = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 36, right: 40, top: 36, bottom: 24 },
      legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months.map((m) => monthLabel(m.month)) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        {
          name: '新交办',
          type: 'bar',
          data: months.map((m) => m.totals.newlyAssigned),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: '按期办结',
          type: 'bar',
          data: months.map((m) => m.totals.completedOnTime),
          itemStyle: { color: '#00b578' },
        },
        {
          name: '逾期',
          type: 'bar',
          data: months.map((m) => m.totals.completedLate + m.totals.overdueOpen),
          itemStyle: { color: '#ff3141' },
        },
        {
          name: '按期办结率',
          type: 'line',
          yAxisIndex: 1,
          data: months.map((m) => (m.totals.onTimeRate === null ? null : Math.round(m.totals.onTimeRate * 1000) / 10)),
          // Grey line and legend; each month's point in the colour its rate earns.
          color: '#8f959e',
          itemStyle: {
            color: ({ dataIndex }: { dataIndex: number }) =>
              TONE_COLORS[rateTone(months[dataIndex]?.totals.onTimeRate ?? null) ?? 'good'],
          },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [months]);

  return <div ref={element} className="trend-chart" role="img" aria-label="月度趋势图" />;
}
