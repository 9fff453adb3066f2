import type { DataSource } from 'typeorm';
import { formatISODate, parseISODate, shanghaiDayNumber, shanghaiInstant } from '../../bot-server/calendar';
import { insertDemoOrganisation } from '../../bot-server/demo/seed-demo';
import { NODE_STAGES_OF_KIND } from '../../bot-server/documents/stages';
import { formatMatterNumber } from '../../bot-server/supervision/sources';
import { Department, MATTER_SOURCES, MEETING_TYPES } from '../../entities';
import { type SeededRandom, seededRandom } from '../seeded-random';

/**
 * A deterministic year of office records (and the year before, for the same-period comparison), written with
 * multi-row INSERTs in the form the entities store them: matters with their deadlines and urges, documents with
 * their document-level deadlines and steps, meetings, discipline notices and bulletins. The same seed gives the
 * same rows, so the reports' tests and `duban bench reports` share it. Times fall at any hour, so that a record
 * made late in the evening UTC belongs to the next Shanghai day.
 */

export interface GenerateOptions {
  seed: number;
  /** The records span January 1st of `year - 1` to December 31st of `year` (Shanghai). */
  year: number;
  matters: number;
  documents: number;
  /** Steps per document (default 3). */
  stepsPerDocument?: number;
  meetings?: number;
  /** Open deadlines due before this instant are overdue; nothing is completed after it. */
  now: Date;
  /** Rows per INSERT (default 1000). */
  batch?: number;
}

export interface GeneratedCounts {
  matters: number;
  documents: number;
  steps: number;
  deadlines: number;
  meetings: number;
  urges: number;
  notices: number;
  bulletins: number;
}

const UNITS = ['31', '32', '33', '34', '35', '21', '23'];
const USERS = ['hemin', 'caoxue', 'yangfan', 'qinyue', 'hanlu', 'zhenglei'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const text = (value: string | null) => (value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`);
/** An instant as both dialects take it in a literal: UTC, `YYYY-MM-DD HH:MM:SS.SSS`. */
const at = (date: Date | null) =>
  date === null ? 'NULL' : `'${date.toISOString().replace('T', ' ').replace('Z', '')}'`;
const bool = (value: boolean | null) => (value === null ? 'NULL' : value ? '1' : '0');
const dateOf = (date: Date) => formatISODate(shanghaiDayNumber(date));

class Inserter {
  private rows = new Map<string, string[]>();
  constructor(
    private readonly db: DataSource,
    private readonly batch: number,
  ) {}

  async add(table: string, columns: string, values: (string | number)[]) {
    const key = `${table} (${columns})`;
    const list = this.rows.get(key) ?? [];
    list.push(`(${values.join(',')})`);
    this.rows.set(key, list);
    if (list.length >= this.batch) await this.flush(key);
  }

  async flush(only?: string) {
    for (const [key, list] of this.rows) {
      if ((only && key !== only) || !list.length) continue;
      await this.db.query(`INSERT INTO ${key} VALUES ${list.join(',')}`);
      this.rows.set(key, []);
    }
  }
}

const DEADLINE_COLUMNS =
  'id,subject_type,subject_id,purpose,rule_code,received_at,received_date,due_date,due_at,original_due_date,' +
  'original_due_at,calendar_version,calendar_scope,status,closed_at,met_on_time,department_id';

export async function generateReportData(db: DataSource, options: GenerateOptions): Promise<GeneratedCounts> {
  if (!(await db.getRepository(Department).existsBy({ id: '31' }))) {
    await db.transaction((manager) => insertDemoOrganisation(manager));
  }
  const max = async (table: string) =>
    Number(((await db.query(`SELECT COALESCE(MAX(id), 0) AS n FROM ${table}`)) as { n: unknown }[])[0]?.n ?? 0);
  const generator = new ReportData(db, options, {
    deadline: await max('deadline'),
    matter: await max('matter'),
    document: await max('document'),
  });
  await generator.matters();
  await generator.documents();
  await generator.meetings();
  for (const year of [options.year - 1, options.year]) await generator.year(year);
  await generator.out.flush();
  return generator.counts;
}

/** One run of the generator: its random stream, the ids it hands out, what it has written. */
class ReportData {
  readonly out: Inserter;
  readonly counts: GeneratedCounts = {
    matters: 0,
    documents: 0,
    steps: 0,
    deadlines: 0,
    meetings: 0,
    urges: 0,
    notices: 0,
    bulletins: 0,
  };
  private readonly rnd: SeededRandom;
  private readonly first: number;
  private readonly last: number;
  private readonly now: number;
  private deadlineId: number;
  private matterId: number;
  private documentId: number;

  constructor(
    db: DataSource,
    private readonly options: GenerateOptions,
    lastIds: { deadline: number; matter: number; document: number },
  ) {
    this.rnd = seededRandom(options.seed);
    this.out = new Inserter(db, options.batch ?? 1000);
    this.deadlineId = lastIds.deadline;
    this.matterId = lastIds.matter;
    this.documentId = lastIds.document;
    this.first = shanghaiInstant(parseISODate(`${options.year - 1}-01-01`)).getTime();
    this.last = Math.min(shanghaiInstant(parseISODate(`${options.year + 1}-01-01`)).getTime(), options.now.getTime());
    this.now = options.now.getTime();
  }

  private instant(): Date {
    return new Date(this.first + Math.floor(this.rnd.next() * (this.last - this.first)));
  }

  /** A deadline from `received`, closed at `closedAt` when given; sometimes extended by a few days. */
  private async deadline(
    subjectType: string,
    subjectId: number,
    purpose: string,
    received: Date,
    days: number,
    closedAt: Date | null,
    unit: string,
  ) {
    const id = ++this.deadlineId;
    const originalDue = new Date(received.getTime() + days * DAY);
    const due = this.rnd.chance(0.1) ? new Date(originalDue.getTime() + this.rnd.int(2, 10) * DAY) : originalDue;
    await this.out.add('deadline', DEADLINE_COLUMNS, [
      id,
      text(subjectType),
      subjectId,
      text(purpose),
      'NULL',
      at(received),
      text(dateOf(received)),
      text(dateOf(due)),
      at(due),
      text(dateOf(originalDue)),
      at(originalDue),
      "'generated'",
      "'office'",
      text(closedAt ? 'closed' : 'open'),
      at(closedAt),
      bool(closedAt ? closedAt.getTime() <= due.getTime() : null),
      text(unit),
    ]);
    this.counts.deadlines++;
    return { id, originalDue };
  }

  /** Matters of every source across the units, some completed, some urged. */
  async matters(): Promise<void> {
    const sequences = new Map<string, number>();
    for (let i = 0; i < this.options.matters; i++) {
      const id = ++this.matterId;
      const source = this.rnd.pick(MATTER_SOURCES);
      const assigned = this.instant();
      const year = Number(dateOf(assigned).slice(0, 4));
      const sequence = (sequences.get(`${year}:${source}`) ?? 0) + 1;
      sequences.set(`${year}:${source}`, sequence);
      const unit = this.rnd.pick(UNITS);
      const completedAt = this.rnd.chance(0.65) ? new Date(assigned.getTime() + this.rnd.int(1, 80 * 24) * HOUR) : null;
      const completed = completedAt !== null && completedAt.getTime() <= this.now ? completedAt : null;
      const limit = await this.deadline('matter', id, 'complete', assigned, this.rnd.int(5, 60), completed, unit);
      const deputy = source === 'npc_suggestion' || source === 'cppcc_proposal';
      const status = completed
        ? this.rnd.pick(['completed', 'evaluated'] as const)
        : this.rnd.pick(['assigned', 'accepted', 'in_progress', 'returned'] as const);
      await this.out.add(
        'matter',
        'id,year,source,sequence,number,title,lead_department_id,responsible_user_id,status,deadline_id,periodic,' +
          'assigned_at,completed_at,completed_on_time,outcome_class,met_deputy,satisfaction,urge_count',
        [
          id,
          year,
          text(source),
          sequence,
          text(`${formatMatterNumber(source, year, sequence)}`),
          text(`生成事项${id}`),
          text(unit),
          text(this.rnd.pick(USERS)),
          text(status),
          limit.id,
          '0',
          at(assigned),
          at(completed),
          bool(completed ? completed.getTime() <= limit.originalDue.getTime() : null),
          deputy && completed ? text(this.rnd.pick(['A', 'B', 'C', 'D'])) : 'NULL',
          deputy && completed ? bool(this.rnd.chance(0.8)) : 'NULL',
          deputy && completed && this.rnd.chance(0.85)
            ? text(this.rnd.pick(['satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied']))
            : 'NULL',
          0,
        ],
      );
      this.counts.matters++;
      // 催办: some matters are urged once or twice after assignment (before completion, before now).
      const urges = this.rnd.chance(0.3) ? this.rnd.int(1, 2) : 0;
      for (let u = 0; u < urges; u++) {
        const end = Math.min(completed?.getTime() ?? this.now, this.now);
        if (end <= assigned.getTime()) break;
        const urgedAt = new Date(assigned.getTime() + Math.floor(this.rnd.next() * (end - assigned.getTime())));
        await this.out.add('audit_log', 'at,actor,action,subject_type,subject_id', [
          at(urgedAt),
          "'sunli'",
          "'matter.urged'",
          "'matter'",
          text(String(id)),
        ]);
        this.counts.urges++;
      }
    }
  }

  /** Documents with their deadlines and steps. */
  async documents(): Promise<void> {
    const perDocument = this.options.stepsPerDocument ?? 3;
    for (let i = 0; i < this.options.documents; i++) {
      const id = ++this.documentId;
      const kind = this.rnd.chance(0.6) ? ('incoming' as const) : ('outgoing' as const);
      const received = this.instant();
      const unit = this.rnd.pick(UNITS);
      const withdrawn = this.rnd.chance(0.04);
      const closedAt = withdrawn ? null : new Date(received.getTime() + this.rnd.int(1, 30 * 24) * HOUR);
      const closed = closedAt && closedAt.getTime() <= this.now ? closedAt : null;
      await this.out.add(
        'document',
        'id,kind,origin,title,doc_number,urgency,department_id,status,result,received_at,closed_at',
        [
          id,
          text(kind),
          text(this.rnd.chance(0.8) ? 'dingtalk' : 'paper'),
          text(`生成公文${id}`),
          text(`${kind === 'incoming' ? '来文' : '区政办发'}〔${dateOf(received).slice(0, 4)}〕${id}号`),
          text(this.rnd.pick(['normal', 'normal', 'urgent', 'extra_urgent'])),
          text(unit),
          text(withdrawn ? 'withdrawn' : closed ? 'completed' : 'open'),
          closed ? "'agree'" : 'NULL',
          at(received),
          at(closed),
        ],
      );
      this.counts.documents++;
      const limits = kind === 'incoming' ? ['submit', 'complete'] : ['sign'];
      for (const purpose of limits) {
        const doneAt =
          purpose === 'complete' || !closed
            ? closed
            : new Date(received.getTime() + Math.floor(this.rnd.next() * (closed.getTime() - received.getTime())));
        if (!withdrawn) await this.deadline('document', id, purpose, received, this.rnd.int(1, 15), doneAt, unit);
      }
      let started = received;
      for (let s = 0; s < perDocument; s++) {
        const stages = NODE_STAGES_OF_KIND[kind];
        const finished = new Date(started.getTime() + this.rnd.int(1, 5 * 24) * HOUR);
        const done = finished.getTime() <= this.now && !withdrawn && this.rnd.chance(0.9);
        const assessed = this.rnd.chance(0.8);
        await this.out.add(
          'document_step',
          'document_id,stage,assignee_user_id,department_id,status,result,started_at,finished_at,on_time',
          [
            id,
            text(stages[s % stages.length] as string),
            text(this.rnd.pick(USERS)),
            text(unit),
            text(done ? 'done' : withdrawn ? 'canceled' : 'open'),
            done ? "'agree'" : 'NULL',
            at(started),
            at(done ? finished : null),
            bool(done && assessed ? this.rnd.chance(0.85) : null),
          ],
        );
        this.counts.steps++;
        started = finished;
      }
    }
  }

  async meetings(): Promise<void> {
    const meetings = this.options.meetings ?? Math.max(20, Math.round(this.options.matters / 20));
    for (let i = 0; i < meetings; i++) {
      const starts = this.instant();
      await this.out.add('meeting', 'type,title,starts_at,status,department_id', [
        text(this.rnd.pick(MEETING_TYPES)),
        text(`生成会议${i + 1}`),
        at(starts),
        text(this.rnd.pick(['draft', 'notified', 'held', 'held', 'held', 'cancelled'])),
        text(this.rnd.pick(UNITS)),
      ]);
      this.counts.meetings++;
    }
  }

  /** A year's 会风会纪 notices and monthly bulletins. */
  async year(year: number): Promise<void> {
    const notices = this.rnd.int(2, 6);
    for (let n = 1; n <= notices; n++) {
      const issued = new Date(
        shanghaiInstant(parseISODate(`${year}-01-01`)).getTime() + this.rnd.int(0, 364 * 24) * HOUR,
      );
      if (issued.getTime() > this.now) continue;
      await this.out.add('discipline_notice', 'year,number,title,period_start,period_end,entries,issued_by,issued_at', [
        year,
        n,
        text(`${year}年第${n}期违反会风会纪通报`),
        text(`${year}-01-01`),
        text(`${year}-12-31`),
        "'[]'",
        "'sunli'",
        at(issued),
      ]);
      this.counts.notices++;
    }
    let issue = 0;
    for (let month = 1; month <= 12; month++) {
      const key = `${year}-${String(month).padStart(2, '0')}`;
      // Published early the next month; a few are never published.
      const published = new Date(
        shanghaiInstant(parseISODate(`${key}-01`)).getTime() + (this.rnd.int(31, 40) * 24 + this.rnd.int(0, 23)) * HOUR,
      );
      const isPublished = published.getTime() <= this.now && this.rnd.chance(0.85);
      await this.out.add('bulletin', 'year,issue_no,month,title,figures,published_by,published_at', [
        year,
        isPublished ? ++issue : 100 + month,
        text(key),
        text(`${key} 督查通报`),
        "'{}'",
        isPublished ? "'sunli'" : 'NULL',
        at(isPublished ? published : null),
      ]);
      this.counts.bulletins++;
    }
  }
}
