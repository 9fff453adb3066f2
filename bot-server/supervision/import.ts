import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Department, type MatterSource, User, UserDepartment } from '../../entities';
import { audit } from '../audit/audit';
import { CalendarError, formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../calendar';
import { dayNumberOf } from '../calendar/civil-date';
import { TimeLimitError } from '../timelimits';
import { SupervisionError } from './errors';
import type { SupervisionService } from './matter-service';
import { sourceByName } from './sources';
import type { Actor, AssignInput, CheckedAssign } from './types';
import { readMatterSheet, type SheetRow } from './xlsx';

export interface ImportReport {
  dryRun: boolean;
  /** Rows read (empty rows are skipped). */
  total: number;
  imported: number;
  matters: { row: number; id: number | null; number: string | null; title: string }[];
  /** Every refused row with every reason found; a refused row changes nothing. */
  rejected: { row: number; title: string; reasons: string[] }[];
}

const SEPARATORS = /[、,，;；/\s]+/;
const URGENT_WORDS = ['是', '急', '急件', '加急', '特急', 'Y', 'y', 'yes', '1'];

/** `2026-03-02`, `2026/3/2`, `2026.3.2`, `2026年3月2日` → `2026-03-02`; null when it is none of these. */
export function parseSheetDate(text: string): string | null {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const iso = formatISODate(dayNumberOf(year, month, day));
  // dayNumberOf rolls 02-30 over into March: refuse what does not round-trip.
  return iso === `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` ? iso : null;
}

/**
 * Imports a batch of matters (for example the year's 人大代表建议) from the first sheet of an .xlsx workbook. Each
 * row is checked as the API checks an assignment; the good rows are stored together in one transaction, numbered
 * in row order; every bad row is reported with its reasons and stores nothing. `dryRun` only checks.
 */
export async function importMatters(
  service: SupervisionService,
  actor: Actor,
  buffer: Buffer,
  options: { source?: MatterSource; dryRun?: boolean; notify?: boolean } = {},
): Promise<ImportReport> {
  if (!actor.roles.some((r) => r.role === 'supervision_office' || r.role === 'admin')) {
    throw new SupervisionError('forbidden', '只有督查室可以批量导入督办事项');
  }
  const rows = await readMatterSheet(buffer);
  if (rows.length === 0) throw new SupervisionError('invalid_input', '表格中没有可导入的行');
  const digest = createHash('sha256').update(buffer).digest('hex').slice(0, 16);
  return service.write(async (manager) => {
    const report: ImportReport = {
      dryRun: options.dryRun ?? false,
      total: rows.length,
      imported: 0,
      matters: [],
      rejected: [],
    };
    const lookup = await Lookup.load(manager);
    const seen = new Map<string, number>();
    const accepted: { row: SheetRow; checked: CheckedAssign }[] = [];
    for (const row of rows) {
      const { input, reasons } = lookup.toInput(row, options.source ?? null, service.now());
      const title = row.values.title ?? '';
      const key = `${input.source}|${title}|${row.values.proposer ?? ''}`;
      const first = seen.get(key);
      if (first !== undefined) reasons.push(`与第${first}行重复`);
      else seen.set(key, row.row);
      if (reasons.length === 0) {
        try {
          accepted.push({ row, checked: await service.validateAssign(manager, input as AssignInput) });
        } catch (err) {
          if (err instanceof SupervisionError || err instanceof TimeLimitError || err instanceof CalendarError) {
            reasons.push(err instanceof SupervisionError ? err.messageZh : err.messageZh);
          } else throw err;
        }
      }
      if (reasons.length) report.rejected.push({ row: row.row, title, reasons });
    }
    for (const { row, checked } of accepted) {
      if (report.dryRun) {
        report.matters.push({ row: row.row, id: null, number: null, title: checked.title });
        continue;
      }
      const matter = await service.assignCheckedIn(manager, actor.id, checked, { notify: options.notify });
      report.matters.push({ row: row.row, id: matter.id, number: matter.number, title: matter.title });
    }
    report.imported = report.dryRun ? 0 : accepted.length;
    if (!report.dryRun) {
      await audit(manager, {
        actor: actor.id,
        action: 'matter.imported',
        subjectType: 'matter_import',
        subjectId: `xlsx:${digest}`,
        after: {
          rows: report.total,
          imported: report.imported,
          rejectedRows: report.rejected.map((r) => r.row),
          numbers: report.matters.map((m) => m.number ?? ''),
        },
        at: service.now(),
      });
    }
    return report;
  });
}

/** Units and people by id or by name, for the cells of a sheet. */
class Lookup {
  private constructor(
    private readonly departments: Department[],
    private readonly users: User[],
    private readonly memberships: UserDepartment[],
  ) {}

  static async load(manager: EntityManager): Promise<Lookup> {
    return new Lookup(
      await manager.getRepository(Department).find(),
      await manager.getRepository(User).findBy({ active: true }),
      await manager.getRepository(UserDepartment).find(),
    );
  }

  unit(text: string): Department | null {
    const value = text.trim();
    return this.departments.find((d) => d.id === value) ?? this.departments.find((d) => d.name === value) ?? null;
  }

  /** A person by id, else by name — preferring a member of `unitId` when two share a name. */
  user(text: string, unitId: string | null): User | 'ambiguous' | null {
    const value = text.trim();
    const byId = this.users.find((u) => u.id === value);
    if (byId) return byId;
    const named = this.users.filter((u) => u.name === value);
    if (named.length <= 1) return named[0] ?? null;
    const inUnit = named.filter((u) => this.memberships.some((m) => m.userId === u.id && m.departmentId === unitId));
    return inUnit.length === 1 ? (inUnit[0] as User) : 'ambiguous';
  }

  toInput(row: SheetRow, defaultSource: MatterSource | null, now: Date) {
    const v = row.values;
    const reasons: string[] = [];
    const source = v.source ? sourceByName(v.source) : defaultSource;
    if (!source) reasons.push(v.source ? `事项来源“${v.source}”无法识别` : '缺少事项来源');
    if (!v.title) reasons.push('缺少标题');
    const lead = v.lead ? this.unit(v.lead) : null;
    if (!v.lead) reasons.push('缺少牵头单位');
    else if (!lead) reasons.push(`牵头单位“${v.lead}”不存在`);
    const co: string[] = [];
    for (const name of (v.co ?? '').split(SEPARATORS).filter(Boolean)) {
      const unit = this.unit(name);
      if (!unit) reasons.push(`协办单位“${name}”不存在`);
      else co.push(unit.id);
    }
    const person = (label: string, text: string | undefined, unitId: string | null) => {
      if (!text) return null;
      const user = this.user(text, unitId);
      if (user === 'ambiguous') reasons.push(`${label}“${text}”有重名，请填写钉钉用户ID`);
      else if (!user) reasons.push(`${label}“${text}”不存在`);
      else return user.id;
      return null;
    };
    const responsibleUserId = person('责任人', v.responsible, lead?.id ?? null);
    const assignedByUserId = person('交办领导', v.assignedBy, null);
    let assignedAt: Date | null = null;
    if (v.assignedDate) {
      const date = parseSheetDate(v.assignedDate);
      if (!date) reasons.push(`交办日期“${v.assignedDate}”格式有误，应为 YYYY-MM-DD`);
      else {
        const today = formatISODate(shanghaiDayNumber(now));
        // A past date is taken as 09:00 of that day (Shanghai); today's as now.
        assignedAt = date === today ? now : shanghaiInstant(parseISODate(date), 9 * 60);
      }
    }
    let dueDate: string | null = null;
    if (v.dueDate) {
      dueDate = parseSheetDate(v.dueDate);
      if (!dueDate) reasons.push(`办理期限“${v.dueDate}”格式有误，应为 YYYY-MM-DD`);
    }
    const input: Partial<AssignInput> = {
      source: source ?? undefined,
      title: v.title ?? '',
      content: v.content ?? null,
      proposer: v.proposer ?? null,
      leadDepartmentId: lead?.id ?? '',
      coDepartmentIds: co,
      responsibleUserId,
      assignedByUserId,
      assignedAt,
      dueDate,
      urgent: v.urgent ? URGENT_WORDS.includes(v.urgent.trim()) : false,
    };
    return { input, reasons };
  }
}
