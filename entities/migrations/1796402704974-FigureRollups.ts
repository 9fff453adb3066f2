import { dialectMigration } from './run-for-dialect';

/**
 * The figure rollup's tables, and the triggers that append every change to a counted record to its change log
 * (bot-server/reports/rollup.ts) in the same transaction. A trigger fires on insert and delete, and on an update
 * that changes a column the figures read; it logs the Shanghai day of the record's instant before and after.
 * Written out here, not imported, so that the migration stays as it ran. A zero date that MySQL stored without strict
 * mode belongs to no day (the trigger, created in strict mode, could not add hours to it).
 */
const COUNTED: { table: string; domains: string[]; at: string; columns: string[]; only?: string }[] = [
  {
    table: 'matter',
    domains: ['matters'],
    at: 'assigned_at',
    columns: ['assigned_at', 'source', 'lead_department_id', 'status', 'completed_on_time', 'completed_at'],
  },
  // A withdrawn document takes its limits out of the figures too.
  {
    table: 'document',
    domains: ['documents', 'limits'],
    at: 'received_at',
    columns: ['received_at', 'kind', 'status', 'department_id'],
  },
  {
    table: 'deadline',
    domains: ['limits'],
    at: 'received_at',
    columns: [
      'received_at',
      'purpose',
      'status',
      'met_on_time',
      'department_id',
      'closed_at',
      'subject_type',
      'subject_id',
    ],
    only: "subject_type = 'document'",
  },
  {
    table: 'document_step',
    domains: ['steps'],
    at: 'finished_at',
    columns: ['finished_at', 'stage', 'status', 'on_time', 'department_id'],
  },
  {
    table: 'meeting',
    domains: ['meetings'],
    at: 'starts_at',
    columns: ['starts_at', 'type', 'status', 'department_id'],
  },
  { table: 'discipline_notice', domains: ['notices'], at: 'issued_at', columns: ['issued_at'] },
];

type Row = 'NEW' | 'OLD';
const EVENTS = [
  { event: 'INSERT', rows: ['NEW'] as Row[] },
  { event: 'UPDATE', rows: ['OLD', 'NEW'] as Row[] },
  { event: 'DELETE', rows: ['OLD'] as Row[] },
];
const triggerName = (table: string, event: string) => `tr_figures_${table}_${event.toLowerCase()}`;
const onlyFor = (only: string | undefined, row: Row, q: string) =>
  only ? ` AND ${row}.${q}${only.replace(/^(\w+)/, `$1${q}`)}` : '';

/**
 * `matter.due_at` is the due instant in force of the matter's deadline, copied by triggers whenever the deadline
 * moves or the matter is linked to another one, so that overdue matters are counted from the matter's own index.
 */
const matterDueOf = (deadlineId: string) => `(SELECT d.due_at FROM deadline d WHERE d.id = ${deadlineId})`;
const BACKFILL = `UPDATE matter SET due_at = ${matterDueOf('matter.deadline_id')}`;
const sqliteMatterDue = [
  'ALTER TABLE "matter" ADD COLUMN "due_at" datetime(3)',
  'CREATE INDEX "ix_matter_open_due" ON "matter" ("status", "assigned_at", "due_at", "lead_department_id", "source") ',
  'CREATE INDEX "ix_matter_deadline" ON "matter" ("deadline_id") ',
  'CREATE INDEX "ix_matter_pending" ON "matter" ("status", "due_at", "assigned_at", "lead_department_id", "source") ',
  'CREATE INDEX "ix_deadline_open_report" ON "deadline" ("subject_type", "status", "received_at", "due_at", "department_id", "purpose", "subject_id") ',
  BACKFILL,
  `CREATE TRIGGER "tr_matter_due_insert" AFTER INSERT ON "matter" WHEN NEW.deadline_id IS NOT NULL BEGIN UPDATE matter SET due_at = ${matterDueOf('NEW.deadline_id')} WHERE id = NEW.id; END`,
  `CREATE TRIGGER "tr_matter_due_link" AFTER UPDATE OF deadline_id ON "matter" BEGIN UPDATE matter SET due_at = ${matterDueOf('NEW.deadline_id')} WHERE id = NEW.id; END`,
  `CREATE TRIGGER "tr_deadline_due_insert" AFTER INSERT ON "deadline" BEGIN UPDATE matter SET due_at = NEW.due_at WHERE deadline_id = NEW.id; END`,
  `CREATE TRIGGER "tr_deadline_due_update" AFTER UPDATE OF due_at ON "deadline" BEGIN UPDATE matter SET due_at = NEW.due_at WHERE deadline_id = NEW.id; END`,
  `CREATE TRIGGER "tr_deadline_due_delete" AFTER DELETE ON "deadline" BEGIN UPDATE matter SET due_at = NULL WHERE deadline_id = OLD.id; END`,
];
const MATTER_DUE_TRIGGERS = [
  'tr_matter_due_insert',
  'tr_matter_due_link',
  'tr_deadline_due_insert',
  'tr_deadline_due_update',
  'tr_deadline_due_delete',
];
const mysqlMatterDue = [
  'ALTER TABLE `matter` ADD `due_at` datetime(3) NULL',
  'CREATE INDEX `ix_matter_open_due` ON `matter` (`status`, `assigned_at`, `due_at`, `lead_department_id`, `source`)',
  'CREATE INDEX `ix_matter_deadline` ON `matter` (`deadline_id`)',
  'CREATE INDEX `ix_matter_pending` ON `matter` (`status`, `due_at`, `assigned_at`, `lead_department_id`, `source`)',
  'CREATE INDEX `ix_deadline_open_report` ON `deadline` (`subject_type`, `status`, `received_at`, `due_at`, `department_id`, `purpose`, `subject_id`)',
  BACKFILL,
  `CREATE TRIGGER \`tr_matter_due_insert\` BEFORE INSERT ON \`matter\` FOR EACH ROW BEGIN IF NEW.deadline_id IS NOT NULL THEN SET NEW.due_at = ${matterDueOf('NEW.deadline_id')}; END IF; END`,
  `CREATE TRIGGER \`tr_matter_due_link\` BEFORE UPDATE ON \`matter\` FOR EACH ROW BEGIN IF NOT (OLD.deadline_id <=> NEW.deadline_id) THEN SET NEW.due_at = ${matterDueOf('NEW.deadline_id')}; END IF; END`,
  'CREATE TRIGGER `tr_deadline_due_insert` AFTER INSERT ON `deadline` FOR EACH ROW BEGIN UPDATE matter SET due_at = NEW.due_at WHERE deadline_id = NEW.id; END',
  'CREATE TRIGGER `tr_deadline_due_update` AFTER UPDATE ON `deadline` FOR EACH ROW BEGIN IF NOT (OLD.due_at <=> NEW.due_at) THEN UPDATE matter SET due_at = NEW.due_at WHERE deadline_id = NEW.id; END IF; END',
  'CREATE TRIGGER `tr_deadline_due_delete` AFTER DELETE ON `deadline` FOR EACH ROW BEGIN UPDATE matter SET due_at = NULL WHERE deadline_id = OLD.id; END',
];

const sqliteUp = [
  ...sqliteMatterDue,
  'CREATE TABLE "figure_rollup" ("grain" varchar(1) NOT NULL, "domain" varchar(16) NOT NULL, "period" varchar(10) NOT NULL, "unit" varchar(32) NOT NULL, "type" varchar(32) NOT NULL, "measure" varchar(96) NOT NULL, "bucket" integer NOT NULL, "n" integer NOT NULL, PRIMARY KEY ("grain", "domain", "period", "unit", "type", "measure", "bucket"))',
  'CREATE TABLE "figure_change" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "domain" varchar(16) NOT NULL, "day" varchar(10) NOT NULL)',
  'CREATE TABLE "figure_rollup_state" ("id" integer PRIMARY KEY NOT NULL, "fingerprint" varchar(64) NOT NULL DEFAULT (\'\'), "refreshed_at" datetime(3))',
  `INSERT INTO "figure_rollup_state" ("id", "fingerprint") VALUES (1, '')`,
  ...COUNTED.flatMap(({ table, domains, at, columns, only }) =>
    EVENTS.map(({ event, rows }) => {
      const changed =
        event === 'UPDATE' ? ` WHEN ${columns.map((c) => `OLD."${c}" IS NOT NEW."${c}"`).join(' OR ')}` : '';
      const inserts = rows.flatMap((row) =>
        domains.map(
          (domain) =>
            `INSERT INTO "figure_change" ("domain", "day") SELECT '${domain}', day FROM (SELECT strftime('%Y-%m-%d', ${row}."${at}", '+8 hours') AS day) WHERE day IS NOT NULL${onlyFor(only, row, '"')};`,
        ),
      );
      return `CREATE TRIGGER "${triggerName(table, event)}" AFTER ${event} ON "${table}"${changed} BEGIN ${inserts.join(' ')} END`;
    }),
  ),
];
const sqliteDown = [
  ...MATTER_DUE_TRIGGERS.map((name) => `DROP TRIGGER "${name}"`),
  'DROP INDEX "ix_deadline_open_report"',
  'DROP INDEX "ix_matter_pending"',
  'DROP INDEX "ix_matter_deadline"',
  'DROP INDEX "ix_matter_open_due"',
  'ALTER TABLE "matter" DROP COLUMN "due_at"',
  ...COUNTED.flatMap(({ table }) => EVENTS.map(({ event }) => `DROP TRIGGER "${triggerName(table, event)}"`)),
  'DROP TABLE "figure_rollup_state"',
  'DROP TABLE "figure_change"',
  'DROP TABLE "figure_rollup"',
];
const mysqlUp = [
  ...mysqlMatterDue,
  'CREATE TABLE `figure_rollup` (`grain` varchar(1) NOT NULL, `domain` varchar(16) NOT NULL, `period` varchar(10) NOT NULL, `unit` varchar(32) NOT NULL, `type` varchar(32) NOT NULL, `measure` varchar(96) NOT NULL, `bucket` int NOT NULL, `n` int NOT NULL, PRIMARY KEY (`grain`, `domain`, `period`, `unit`, `type`, `measure`, `bucket`)) ENGINE=InnoDB',
  'CREATE TABLE `figure_change` (`id` int NOT NULL AUTO_INCREMENT, `domain` varchar(16) NOT NULL, `day` varchar(10) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB',
  "CREATE TABLE `figure_rollup_state` (`id` int NOT NULL, `fingerprint` varchar(64) NOT NULL DEFAULT '', `refreshed_at` datetime(3) NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB",
  "INSERT INTO `figure_rollup_state` (`id`, `fingerprint`) VALUES (1, '')",
  ...COUNTED.flatMap(({ table, domains, at, columns, only }) =>
    EVENTS.map(({ event, rows }) => {
      const inserts = rows.flatMap((row) =>
        domains.map(
          (domain) =>
            `IF ${row}.\`${at}\` > '1000-01-01'${onlyFor(only, row, '`')} THEN INSERT INTO \`figure_change\` (\`domain\`, \`day\`) VALUES ('${domain}', DATE_FORMAT(DATE_ADD(${row}.\`${at}\`, INTERVAL 8 HOUR), '%Y-%m-%d')); END IF;`,
        ),
      );
      const body =
        event === 'UPDATE'
          ? `IF ${columns.map((c) => `NOT (OLD.\`${c}\` <=> NEW.\`${c}\`)`).join(' OR ')} THEN ${inserts.join(' ')} END IF;`
          : inserts.join(' ');
      return `CREATE TRIGGER \`${triggerName(table, event)}\` AFTER ${event} ON \`${table}\` FOR EACH ROW BEGIN ${body} END`;
    }),
  ),
];
const mysqlDown = [
  ...MATTER_DUE_TRIGGERS.map((name) => `DROP TRIGGER \`${name}\``),
  'DROP INDEX `ix_deadline_open_report` ON `deadline`',
  'DROP INDEX `ix_matter_pending` ON `matter`',
  'DROP INDEX `ix_matter_deadline` ON `matter`',
  'DROP INDEX `ix_matter_open_due` ON `matter`',
  'ALTER TABLE `matter` DROP COLUMN `due_at`',
  ...COUNTED.flatMap(({ table }) => EVENTS.map(({ event }) => `DROP TRIGGER \`${triggerName(table, event)}\``)),
  'DROP TABLE `figure_rollup_state`',
  'DROP TABLE `figure_change`',
  'DROP TABLE `figure_rollup`',
];

export const FigureRollups1796402704974 = dialectMigration('FigureRollups1796402704974', {
  sqliteUp,
  sqliteDown,
  mysqlUp,
  mysqlDown,
});
