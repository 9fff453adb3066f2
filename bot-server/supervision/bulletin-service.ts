import { type EntityManager, In } from 'typeorm';
import {
  AuditLog,
  Bulletin,
  Deadline,
  Department,
  ExtensionRequest,
  type JsonObject,
  Matter,
  MatterPeriod,
  ProgressReport,
  User,
} from '../../entities';
import { audit, SYSTEM_ACTOR } from '../audit/audit';
import { shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { sqlInstant } from '../db/sql-instant';
import { enqueueNotifications } from '../reminders/outbox';
import {
  type BulletinData,
  type BulletinFigures,
  type BulletinMatter,
  computeBulletin,
  monthName,
  percent,
} from './bulletin';
import { SupervisionError } from './errors';
import type { SupervisionService } from './matter-service';
import { checkMonth, firstDayOfMonth, monthOfDay, nextMonth, previousMonth } from './months';
import { rawReader } from './reads';

/** The matter columns a bulletin reads (`BulletinMatter`, and what finds its deadline and reports). */
const MATTER_COLUMNS = [
  'id',
  'number',
  'title',
  'source',
  'year',
  'leadDepartmentId',
  'responsibleUserId',
  'assignedAt',
  'completedAt',
  'outcomeClass',
  'metDeputy',
  'satisfaction',
  'periodic',
  'deadlineId',
] as const;

/** The configured DingTalk group the bulletin's summary goes to (the dispatcher maps the name to a robot). */
export const BULLETIN_GROUP = 'supervision';
/** The schedule publishes last month's bulletin from this time (Shanghai) of the month's first working day. */
export const SCHEDULE_MINUTES = 9 * 60;

export interface BulletinSummary {
  id: number;
  year: number;
  issueNo: number;
  month: string;
  title: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

const summaryOf = (b: Bulletin): BulletinSummary => ({
  id: b.id,
  year: b.year,
  issueNo: b.issueNo,
  month: b.month,
  title: b.title,
  publishedBy: b.publishedBy,
  publishedAt: b.publishedAt?.toISOString() ?? null,
});

/**
 * The monthly 督查通报: computed from the rows for any month (preview), published once per month with the next
 * issue number of its year (第N期) and its figures frozen as published, its summary pushed to the supervision group
 * through the outbox. The schedule publishes last month's early each month.
 */
export class BulletinService {
  /** Months the schedule found nothing to report on, so it does not compute them again every poll. */
  private readonly emptyMonths = new Set<string>();

  constructor(private readonly supervision: SupervisionService) {}

  private get db() {
    return this.supervision.write.bind(this.supervision);
  }

  /** The figures of a month as the rows stand now (not stored). */
  preview(month: string, manager?: EntityManager): Promise<BulletinFigures> {
    checkMonth(month, this.supervision.now(), '通报月份');
    if (manager) return this.computeIn(manager, month);
    return this.db((m) => this.computeIn(m, month));
  }

  async computeIn(manager: EntityManager, month: string, withPreviousRanks = true): Promise<BulletinFigures> {
    const data = await this.loadIn(manager, month, withPreviousRanks);
    return computeBulletin(data);
  }

  /**
   * Loads the raw rows a month's bulletin is computed from, set-based: the columns the figures read of the matters
   * counted (with their deadline's original instant), the extensions approved before the month's end, the reports
   * due within the month, and the urges before its end.
   */
  async loadIn(manager: EntityManager, month: string, withPreviousRanks = true): Promise<BulletinData> {
    const db = manager.connection;
    const year = Number(month.slice(0, 4));
    const start = shanghaiInstant(firstDayOfMonth(month));
    const end = shanghaiInstant(firstDayOfMonth(nextMonth(month)));
    const yearStart = shanghaiInstant(firstDayOfMonth(`${year}-01`));
    // Read raw: tens of thousands of rows, each hydrated by the driver's conversion of the few columns read.
    const matterOf = rawReader(manager, Matter, 'm', MATTER_COLUMNS);
    const deadlineOf = rawReader(manager, Deadline, 'd', ['originalDueAt']);
    const rows: Record<string, unknown>[] = await manager
      .getRepository(Matter)
      .createQueryBuilder('m')
      .select(MATTER_COLUMNS.map((c) => `m.${c}`))
      .leftJoin(Deadline, 'd', 'd.id = m.deadlineId')
      .addSelect('d.originalDueAt')
      .where('m.assignedAt < :end', { end: sqlInstant(db, end) })
      .andWhere('(m.completedAt IS NULL OR m.completedAt >= :yearStart)', { yearStart: sqlInstant(db, yearStart) })
      .orderBy('m.id', 'ASC')
      .getRawMany();
    const matters = rows.map((r) => ({ ...matterOf(r), originalDueAt: deadlineOf(r).originalDueAt as Date | null }));
    const ids = new Set(matters.map((m) => m.id));
    // Only the last extension approved by the month's end moves a due date (`dueAsOf`), and only those approved
    // within the month are counted.
    const approved = await manager
      .getRepository(ExtensionRequest)
      .createQueryBuilder('e')
      .select(['e.id', 'e.matterId', 'e.decidedAt', 'e.grantedDueAt'])
      .where("e.status = 'approved' AND e.decidedAt < :end AND e.grantedDueAt IS NOT NULL", {
        end: sqlInstant(db, end),
      })
      .orderBy('e.matterId', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
    const extensions: BulletinData['extensions'] = approved
      .filter((e) => ids.has(e.matterId))
      .map((e) => ({ matterId: e.matterId, decidedAt: e.decidedAt as Date, grantedDueAt: e.grantedDueAt as Date }));
    const periodic = new Set(matters.filter((m) => m.periodic).map((m) => m.id));
    // The key-work figures count the monthly reports of periodic matters due within the month.
    const periodRows = await manager
      .getRepository(MatterPeriod)
      .createQueryBuilder('p')
      .innerJoinAndMapOne('p.deadline', Deadline, 'pd', 'pd.id = p.deadlineId')
      .leftJoinAndMapOne('p.report', ProgressReport, 'r', 'r.id = p.reportId')
      .select(['p.id', 'p.matterId', 'p.period', 'pd.id', 'pd.dueAt', 'r.id', 'r.reportedAt'])
      .where('pd.dueAt > :start AND pd.dueAt <= :end', { start: sqlInstant(db, start), end: sqlInstant(db, end) })
      .getMany();
    const periods = (periodRows as (MatterPeriod & { deadline: Deadline; report?: ProgressReport })[])
      .filter((p) => periodic.has(p.matterId))
      .map((p) => ({
        matterId: p.matterId,
        period: p.period,
        dueAt: p.deadline.dueAt,
        reportedAt: p.report?.reportedAt ?? null,
      }));
    const urgeOf = rawReader(manager, AuditLog, 'a', ['subjectId', 'at']);
    const urges = (
      await manager
        .getRepository(AuditLog)
        .createQueryBuilder('a')
        .select(['a.subjectId', 'a.at'])
        .where('a.action = :action AND a.subjectType = :type AND a.at < :end', {
          action: 'matter.urged',
          type: 'matter',
          end: sqlInstant(db, end),
        })
        .getRawMany()
    )
      .map((row) => urgeOf(row))
      .map((a) => ({ matterId: Number(a.subjectId), at: a.at }))
      .filter((u) => ids.has(u.matterId));
    const userIds = [...new Set(matters.map((m) => m.responsibleUserId).filter((u): u is string => !!u))];
    const users = userIds.length ? await manager.getRepository(User).findBy({ id: In(userIds) }) : [];
    const userNames = new Map(users.map((u) => [u.id, u.name]));
    const departments = await manager.getRepository(Department).find();
    const issuedThisYear = await manager.getRepository(Bulletin).countBy({ year });

    let previousRanks: Record<string, number | null> | null = null;
    if (withPreviousRanks) {
      const before = previousMonth(month);
      const published = await manager.getRepository(Bulletin).findOneBy({ month: before });
      const units = published
        ? ((published.figures as unknown as BulletinFigures).units ?? [])
        : (await this.computeIn(manager, before, false)).units;
      previousRanks = Object.fromEntries(units.map((u) => [u.departmentId, u.rank]));
    }

    return {
      month,
      matters: matters.map(
        (m): BulletinMatter => ({
          id: m.id,
          number: m.number,
          title: m.title,
          source: m.source,
          year: m.year,
          leadDepartmentId: m.leadDepartmentId,
          responsibleName: m.responsibleUserId ? (userNames.get(m.responsibleUserId) ?? m.responsibleUserId) : null,
          assignedAt: m.assignedAt,
          completedAt: m.completedAt,
          originalDueAt: m.originalDueAt,
          outcomeClass: m.outcomeClass,
          metDeputy: m.metDeputy,
          satisfaction: m.satisfaction,
        }),
      ),
      extensions,
      urges,
      periods,
      units: departments.map((d) => ({ id: d.id, name: d.name, sortOrder: d.sortOrder })),
      previousRanks,
      issuedThisYear,
      calendar: this.supervision.deadlines.calendar(),
      asOf: this.supervision.now(),
    };
  }

  /**
   * Publishes the bulletin of a month that has ended: numbered 第N期 in its year, figures frozen, audited, and its
   * summary queued for the supervision group. Once per month: publishing again returns the one there is.
   */
  async publish(
    actorId: string,
    month: string,
    options: { notify?: boolean } = {},
  ): Promise<{ bulletin: Bulletin; created: boolean }> {
    const now = this.supervision.now();
    checkMonth(month, now, '通报月份');
    if (shanghaiInstant(firstDayOfMonth(nextMonth(month))).getTime() > now.getTime()) {
      throw new SupervisionError('invalid_input', `${monthName(month)}尚未结束，不能编发该月通报（可先预览）`);
    }
    return this.db(async (manager) => {
      const existing = await manager.getRepository(Bulletin).findOneBy({ month });
      if (existing) return { bulletin: existing, created: false };
      const figures = await this.computeIn(manager, month);
      const year = figures.year;
      const row = await manager
        .getRepository(Bulletin)
        .createQueryBuilder('b')
        .select('MAX(b.issueNo)', 'max')
        .where('b.year = :year', { year })
        .getRawOne<{ max: number | string | null }>();
      const issueNo = Number(row?.max ?? 0) + 1;
      figures.issueNo = issueNo;
      figures.yearToDate.bulletins = figures.yearToDate.bulletins + 1;
      const title = `督查通报 ${year}年第${issueNo}期（${monthName(month)}）`;
      figures.title = title;
      const result = await manager.insert(Bulletin, {
        year,
        issueNo,
        month,
        title,
        figures: figures as unknown as JsonObject,
        publishedBy: actorId,
        publishedAt: now,
      });
      const id = Number(result.identifiers[0]?.id);
      await audit(manager, {
        actor: actorId,
        action: 'bulletin.published',
        subjectType: 'bulletin',
        subjectId: id,
        after: { year, issueNo, month, units: figures.units.length, overdueOpen: figures.totals.overdueOpen },
        at: now,
      });
      if (options.notify !== false && this.supervision.notifications) {
        // The key names the issue, which the bulletin's unique (year, issue_no) gives to one bulletin only.
        await enqueueNotifications(
          manager,
          [
            {
              idempotencyKey: `bulletin:${year}:${issueNo}`,
              channel: 'group_robot',
              kind: 'bulletin',
              recipientUserId: null,
              recipientGroup: BULLETIN_GROUP,
              subjectType: 'bulletin',
              subjectId: id,
              payload: { title, text: bulletinMarkdown(figures), linkPath: `/m/bulletin/${id}` },
            },
          ],
          now,
        );
      }
      return { bulletin: await manager.getRepository(Bulletin).findOneByOrFail({ id }), created: true };
    });
  }

  async list(year?: number): Promise<BulletinSummary[]> {
    return this.db(async (manager) => {
      const rows = await manager
        .getRepository(Bulletin)
        .find({ where: year ? { year } : {}, order: { year: 'DESC', issueNo: 'DESC' } });
      return rows.map(summaryOf);
    });
  }

  async get(id: number): Promise<BulletinSummary & { figures: BulletinFigures }> {
    return this.db(async (manager) => {
      const row = await manager.getRepository(Bulletin).findOneBy({ id });
      if (!row) throw new SupervisionError('not_found', '没有这期通报');
      return { ...summaryOf(row), figures: row.figures as unknown as BulletinFigures };
    });
  }

  async getByMonth(month: string): Promise<(BulletinSummary & { figures: BulletinFigures }) | null> {
    firstDayOfMonth(month);
    return this.db(async (manager) => {
      const row = await manager.getRepository(Bulletin).findOneBy({ month });
      return row ? { ...summaryOf(row), figures: row.figures as unknown as BulletinFigures } : null;
    });
  }

  /**
   * One pass of the schedule: from 09:00 of the month's first working day on, publishes last month's bulletin if it
   * is not there yet and there is anything to report. Several servers may run it: the month is unique.
   */
  async runSchedule(now: Date = new Date()): Promise<number> {
    const today = shanghaiDayNumber(now);
    const month = monthOfDay(today);
    const previous = previousMonth(month);
    if (this.emptyMonths.has(previous)) return 0;
    const calendar = this.supervision.deadlines.calendar();
    let firstWorkday = firstDayOfMonth(month);
    while (!calendar.isWorkdayNumber(firstWorkday)) firstWorkday++;
    if (now.getTime() < shanghaiInstant(firstWorkday, SCHEDULE_MINUTES).getTime()) return 0;
    const existing = await this.getByMonth(previous);
    if (existing) return 0;
    const figures = await this.preview(previous);
    if (figures.totals.carriedOver + figures.totals.newlyAssigned === 0) {
      this.emptyMonths.add(previous);
      return 0;
    }
    const { created } = await this.publish(SYSTEM_ACTOR, previous);
    return created ? 1 : 0;
  }
}

/** The summary pushed to the supervision group (DingTalk group-robot markdown). */
export function bulletinMarkdown(f: BulletinFigures): string {
  const t = f.totals;
  const red = f.units.filter((u) => u.light === 'red').map((u) => u.name);
  const yellow = f.units.filter((u) => u.light === 'yellow').map((u) => u.name);
  const npc = f.deputy.find((d) => d.source === 'npc_suggestion');
  const cppcc = f.deputy.find((d) => d.source === 'cppcc_proposal');
  const all = f.deputy.find((d) => d.source === 'total');
  const lines = [
    `### ${f.title}`,
    `- 本月在办${t.carriedOver + t.newlyAssigned}件（上月结转${t.carriedOver}件，新交办${t.newlyAssigned}件），` +
      `办结${t.completedOnTime + t.completedLate}件，其中按期${t.completedOnTime}件、逾期${t.completedLate}件`,
    `- 逾期未办结${t.overdueOpen}件，批准延期${t.extended}件，催办${t.urged}次，按期办结率${percent(t.onTimeRate)}`,
    `- 红牌单位：${red.length ? red.join('、') : '无'}；黄牌单位：${yellow.length ? yellow.join('、') : '无'}`,
  ];
  if (all && all.total > 0) {
    lines.push(
      `- 人大代表建议办复率${percent(npc?.replyRate ?? null)}，政协委员提案办复率${percent(cppcc?.replyRate ?? null)}，` +
        `满意率${percent(all.satisfactionRate)}`,
    );
  }
  return lines.join('\n');
}
