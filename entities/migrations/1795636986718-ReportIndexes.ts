import { dialectMigration } from './run-for-dialect';

const sqliteUp = [
  'CREATE INDEX "ix_document_received" ON "document" ("received_at", "status", "kind", "department_id", "origin") ',
  'CREATE INDEX "ix_step_finished" ON "document_step" ("finished_at", "status", "stage", "on_time", "department_id") ',
  'CREATE INDEX "ix_matter_assigned" ON "matter" ("assigned_at", "source", "lead_department_id", "status", "completed_on_time", "completed_at", "deadline_id") ',
  'CREATE INDEX "ix_deadline_report" ON "deadline" ("subject_type", "received_at", "purpose", "status", "met_on_time", "department_id", "due_at", "closed_at", "subject_id") ',
];
const sqliteDown = [
  'DROP INDEX "ix_deadline_report"',
  'DROP INDEX "ix_matter_assigned"',
  'DROP INDEX "ix_step_finished"',
  'DROP INDEX "ix_document_received"',
];
const mysqlUp = [
  'CREATE INDEX `ix_document_received` ON `document` (`received_at`, `status`, `kind`, `department_id`, `origin`)',
  'CREATE INDEX `ix_step_finished` ON `document_step` (`finished_at`, `status`, `stage`, `on_time`, `department_id`)',
  'CREATE INDEX `ix_matter_assigned` ON `matter` (`assigned_at`, `source`, `lead_department_id`, `status`, `completed_on_time`, `completed_at`, `deadline_id`)',
  'CREATE INDEX `ix_deadline_report` ON `deadline` (`subject_type`, `received_at`, `purpose`, `status`, `met_on_time`, `department_id`, `due_at`, `closed_at`, `subject_id`)',
];
const mysqlDown = [
  'DROP INDEX `ix_deadline_report` ON `deadline`',
  'DROP INDEX `ix_matter_assigned` ON `matter`',
  'DROP INDEX `ix_step_finished` ON `document_step`',
  'DROP INDEX `ix_document_received` ON `document`',
];

export const ReportIndexes1795636986718 = dialectMigration('ReportIndexes1795636986718', {
  sqliteUp,
  sqliteDown,
  mysqlUp,
  mysqlDown,
});
