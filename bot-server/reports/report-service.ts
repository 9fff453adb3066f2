import type { DataSource } from 'typeorm';
import { Department } from '../../entities';
import type { WorkCalendar } from '../calendar';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../supervision/types';
import { checkPeriod as checkPlausiblePeriod } from '../timelimits';
import { annualReport, specById } from './annual';
import { renderAnnualDocx } from './annual-docx';
import { dashboardFigures, FIGURE_TYPES } from './dashboard';
import { documentFigures } from './document-figures';
import { dutyFigures } from './duty-figures';
import { checkPeriod, drillFigure, type Period, type Scope } from './engine';
import { officeWorkSections } from './office-work';
import { overdueByUnit } from './overdue-ranking';

/** Who reads 政务信息's ranking for a caller inside the server: a district leader sees every unit's place. */
const INSIDE_READER: Actor = { id: 'reports', roles: [{ role: 'leader', scope: '*' }] };

/** A request the reports cannot answer as asked: the message is for the user. */
export class ReportError extends DomainError {
  override name = 'ReportError';
  declare readonly code: 'invalid_period' | 'unknown_figure' | 'invalid_year' | 'invalid_type';

  constructor(code: ReportError['code'], messageZh: string) {
    super('invalid', code, messageZh);
  }
}

/** Dashboard figures, their drill-downs and the year-end report, read from the database. */
export class ReportService {
  constructor(
    private readonly db: () => DataSource,
    private readonly calendar: () => WorkCalendar,
  ) {}

  /**
   * The dashboard figures of a period, with the office-wide sections when neither a unit nor a type narrows them
   * (null otherwise): 值班信访's (`duty`: visits, 人次, 集体访, calls month by month), 政务信息's with the units'
   * ranking read as `actor`, 调研's and the year's ledgers (office-work.ts). The route passes the signed-in user;
   * callers inside the server (tests, benches) read as a leader.
   */
  async figures(period: Period, scope: Scope = {}, now = new Date(), actor: Actor = INSIDE_READER) {
    this.check(period, now, scope);
    const db = this.db();
    const q = { db, now };
    const whole = scope.unit === undefined && scope.type === undefined;
    const [dashboard, duty, office] = await Promise.all([
      db
        .getRepository(Department)
        .find({ select: { id: true, name: true } })
        .then((units) =>
          dashboardFigures(db.manager, this.calendar(), q, period, scope, new Map(units.map((u) => [u.id, u.name]))),
        ),
      whole ? dutyFigures(db.manager, this.calendar(), q, period) : null,
      whole ? officeWorkSections(db.manager, this.calendar(), q, period, actor) : null,
    ]);
    return {
      ...dashboard,
      duty,
      information: office?.information ?? null,
      research: office?.research ?? null,
      ledgers: office?.ledgers ?? null,
    };
  }

  async drill(figure: string, period: Period, scope: Scope = {}, page = { limit: 50, offset: 0 }, now = new Date()) {
    this.check(period, now, scope);
    const spec = specById(figure);
    if (!spec) throw new ReportError('unknown_figure', `没有名为 ${figure} 的统计项`);
    const db = this.db();
    const result = await drillFigure(db.manager, this.calendar(), { db, now }, spec, period, scope, page);
    return {
      figure: { id: spec.id, label: spec.label, kind: spec.kind, definition: spec.definition },
      ...period,
      ...result,
    };
  }

  async annual(year: number, now = new Date()) {
    this.checkYear(year, now);
    const db = this.db();
    return annualReport(db.manager, this.calendar(), { db, now }, year);
  }

  /** 逾期未办结 · 单位排名: the lead units with matters of `year` overdue now, most first. */
  async overdueByUnit(year: number, now = new Date()) {
    this.checkYear(year, now);
    const db = this.db();
    return { year, units: await overdueByUnit(db.manager, { db, now }, year) };
  }

  /**
   * The documents area's figures of [from, to] against the same dates last year (reports/document-figures.ts).
   * Who may read them and whether the period is plausible, the documents area decides before asking.
   */
  async documentFigures(period: Period) {
    return documentFigures(this.db().manager, this.calendar(), period.from, period.to);
  }

  /** 值班信访's figures of [from, to] (reports/duty-figures.ts); who may read them the duty area's routes decide. */
  async dutyFigures(period: Period, now = new Date()) {
    this.check(period, now, {});
    const db = this.db();
    return dutyFigures(db.manager, this.calendar(), { db, now }, period);
  }

  async annualDocx(year: number, now = new Date()): Promise<Buffer> {
    return renderAnnualDocx(await this.annual(year, now));
  }

  /** A year from 2000 to 2100 (ReportError) whose figures can exist seen from `now` (TimeLimitError). */
  private checkYear(year: number, now: Date) {
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw new ReportError('invalid_year', '年份应在 2000—2100 之间');
    checkPlausiblePeriod(`${year}-01-01`, `${year}-12-31`, now, '统计期间');
  }

  /** A period well formed (ReportError), then inside the plausible range seen from `now` (TimeLimitError). */
  private check(period: Period, now: Date, scope: Scope) {
    const problem = checkPeriod(period);
    if (problem) throw new ReportError('invalid_period', problem);
    checkPlausiblePeriod(period.from, period.to, now, '统计期间');
    // One of the listed types (an array, not an object: `constructor` is none).
    if (scope.type !== undefined && !(FIGURE_TYPES as readonly string[]).includes(scope.type)) {
      throw new ReportError('invalid_type', '统计类型无效');
    }
  }
}
