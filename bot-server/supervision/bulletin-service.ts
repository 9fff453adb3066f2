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

  /** Loads the raw rows a month's bulletin is computed from. */
  async loadIn(manager: EntityManager, month: string, withPreviousRanks = true): Promise<BulletinData> {
    const db = manager.connection;
    const year = Number(month.slice(0, 4));
    const end = shanghaiInstant(firstDayOfMonth(nextMonth(month)));
    const yearStart = shanghaiInstant(firstDayOfMonth(`${year}-01`));
    const matters = await manager
      .getRepository(Matter)
      .createQueryBuilder('m')
      .where('m.assignedAt < :end', { end: sqlInstant(db, end) })
      .andWhere('(m.completedAt IS NULL OR m.completedAt >= :yearStart)', { yearStart: sqlInstant(db, yearStart) })
      .orderBy('m.id', 'ASC')
      .getMany();
    const ids = matters.map((m) => m.id);
    const deadlines = new Map<number, Deadline>();
    const extensions: BulletinData['extensions'] = [];
    const periods: MatterPeriod[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = matters.slice(i, i + 500);
      const deadlineIds = chunk.map((m) => m.deadlineId).filter((d): d is number => !!d);
      if (deadlineIds.length) {
        for (const d of await manager.getRepository(Deadline).findBy({ id: In(deadlineIds) })) deadlines.set(d.id, d);
      }
      const approved = await manager
        .getRepository(ExtensionRequest)
        .findBy({ matterId: In(chunk.map((m) => m.id)), status: 'approved' });
      for (const e of approved) {
        if (e.decidedAt && e.grantedDueAt) {
          extensions.push({ matterId: e.matterId, decidedAt: e.decidedAt, grantedDueAt: e.grantedDueAt });
        }
      }
      const periodic = chunk.filter((m) => m.periodic).map((m) => m.id);
      if (periodic.length)
        periods.push(...(await manager.getRepository(MatterPeriod).findBy({ matterId: In(periodic) })));
    }
    const periodDeadlines = new Map<number, Deadline>();
    const reports = new Map<number, ProgressReport>();
    for (let i = 0; i < periods.length; i += 500) {
      const chunk = periods.slice(i, i + 500);
      const dIds = chunk.map((p) => p.deadlineId).filter((d): d is number => !!d);
      const rIds = chunk.map((p) => p.reportId).filter((d): d is number => !!d);
      if (dIds.length)
        for (const d of await manager.getRepository(Deadline).findBy({ id: In(dIds) })) periodDeadlines.set(d.id, d);
      if (rIds.length)
        for (const r of await manager.getRepository(ProgressReport).findBy({ id: In(rIds) })) reports.set(r.id, r);
    }
    const urgeRows = await manager
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .where('a.action = :action AND a.subjectType = :type AND a.at < :end', {
        action: 'matter.urged',
        type: 'matter',
        end: sqlInstant(db, end),
      })
      .getMany();
    const matterIds = new Set(ids);
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
      matters: matters.map((m): BulletinMatter => {
        const d = m.deadlineId ? deadlines.get(m.deadlineId) : undefined;
        return {
          id: m.id,
          number: m.number,
          title: m.title,
          source: m.source,
          year: m.year,
          leadDepartmentId: m.leadDepartmentId,
          responsibleName: m.responsibleUserId ? (userNames.get(m.responsibleUserId) ?? m.responsibleUserId) : null,
          assignedAt: m.assignedAt,
          completedAt: m.completedAt,
          originalDueAt: d?.originalDueAt ?? null,
          outcomeClass: m.outcomeClass,
          metDeputy: m.metDeputy,
          satisfaction: m.satisfaction,
        };
      }),
      extensions,
      urges: urgeRows
        .map((a) => ({ matterId: Number(a.subjectId), at: a.at }))
        .filter((u) => matterIds.has(u.matterId)),
      periods: periods.flatMap((p) => {
        const d = p.deadlineId ? periodDeadlines.get(p.deadlineId) : undefined;
        if (!d) return [];
        const report = p.reportId ? reports.get(p.reportId) : undefined;
        return [{ matterId: p.matterId, period: p.period, dueAt: d.dueAt, reportedAt: report?.reportedAt ?? null }];
      }),
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
