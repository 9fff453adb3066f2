/** The 值班工作月报's part on 应急值班信息: the incidents known in the month and the reports sent upward in it. */
import { In } from 'typeorm';
import {
  DutyIncident,
  DutyIncidentLimit,
  DutyIncidentReport,
  INCIDENT_LEVELS,
  INCIDENT_REPORT_KINDS,
} from '../../entities';
import { sqlInstant } from '../db/sql-instant';
import { CATEGORY_NAMES, REPORT_KIND_NAMES } from './incident-access';
import { LEVEL_NAMES } from './incident-rules';
import { dayAndTime, listed, monthWords, paragraph } from './monthly-summary-sections';
import type { SummaryContext, SummarySection } from './monthly-summary-types';

export async function incidentsSection(ctx: SummaryContext): Promise<SummarySection> {
  const db = ctx.manager.connection;
  const period = { start: sqlInstant(db, ctx.start), end: sqlInstant(db, ctx.end) };
  const incidents = await ctx.manager
    .getRepository(DutyIncident)
    .createQueryBuilder('i')
    .where('i.knownAt >= :start AND i.knownAt < :end', period)
    .orderBy('i.knownAt')
    .addOrderBy('i.id')
    .getMany();
  // The figure duty.emergencyReports: reports sent upward in the month, whichever month the incident was known in.
  const reports = await ctx.manager
    .getRepository(DutyIncidentReport)
    .createQueryBuilder('r')
    .where('r.reportedAt >= :start AND r.reportedAt < :end', period)
    .getMany();
  const title = '应急值班信息报送情况';
  if (incidents.length === 0 && reports.length === 0) {
    return { key: 'incidents', title, blocks: [paragraph(`${monthWords(ctx)}没有接报突发事件信息。`)] };
  }
  const ids = incidents.map((i) => i.id);
  const limits = ids.length
    ? await ctx.manager.getRepository(DutyIncidentLimit).find({ where: { incidentId: In(ids) } })
    : [];
  const late = limits.filter((l) => (l.lateMinutes ?? 0) > 0);
  const byLevel = listed(
    INCIDENT_LEVELS.map((level) => [LEVEL_NAMES[level], incidents.filter((i) => i.level === level).length, '起']),
  );
  const byKind = listed(
    INCIDENT_REPORT_KINDS.map((kind) => [REPORT_KIND_NAMES[kind], reports.filter((r) => r.kind === kind).length, '条']),
  );
  const sentences = [
    `${monthWords(ctx)}接报突发事件信息${incidents.length}起${byLevel ? `（${byLevel}）` : ''}`,
    `向上级报送应急值班信息${reports.length}条${byKind ? `（${byKind}）` : ''}`,
    late.length ? `超过报送时限${late.length}次` : '均在报送时限内报送',
  ];
  const reportsOf = (id: number) => limits.filter((l) => l.incidentId === id);
  return {
    key: 'incidents',
    title,
    blocks: [
      paragraph(`${sentences.join('，')}。`),
      ...(incidents.length
        ? [
            {
              kind: 'table' as const,
              columns: [{ header: '接报时间' }, { header: '事件' }, { header: '等级' }, { header: '报送情况' }],
              rows: incidents.map((i) => {
                const overdue = reportsOf(i.id).filter((l) => (l.lateMinutes ?? 0) > 0).length;
                return [
                  dayAndTime(i.knownAt),
                  `${i.place}${CATEGORY_NAMES[i.category]}`,
                  LEVEL_NAMES[i.level],
                  `${i.closedAt ? '已终报' : '处置中'}${overdue ? `，超时${overdue}次` : ''}`,
                ];
              }),
            },
          ]
        : []),
    ],
  };
}
