import { dialectMigration } from './run-for-dialect';

const sqliteUp = [
  'CREATE TABLE "document_number_kind" ("kind" varchar(40) PRIMARY KEY NOT NULL, "agency_code" varchar(20) NOT NULL, "issuer" varchar(100) NOT NULL, "updated_by" varchar(64) NOT NULL, "updated_at" datetime NOT NULL DEFAULT (datetime(\'now\')))',
  'CREATE TABLE "document_number_sequence" ("agency_code" varchar(20) NOT NULL, "year" integer NOT NULL, "last_seq" integer NOT NULL, PRIMARY KEY ("agency_code", "year"))',
  'CREATE TABLE "document_number" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(40) NOT NULL, "agency_code" varchar(20) NOT NULL, "year" integer NOT NULL, "seq" integer NOT NULL, "text" varchar(60) NOT NULL, "issuer" varchar(100) NOT NULL, "subject_type" varchar(40) NOT NULL, "subject_id" integer NOT NULL, "issued_by" varchar(64) NOT NULL, "issued_at" datetime(3) NOT NULL, CONSTRAINT "uq_document_number_subject" UNIQUE ("subject_type", "subject_id"), CONSTRAINT "uq_document_number_seq" UNIQUE ("agency_code", "year", "seq"))',
];
const sqliteDown = [
  'DROP TABLE "document_number"',
  'DROP TABLE "document_number_sequence"',
  'DROP TABLE "document_number_kind"',
];
const mysqlUp = [
  'CREATE TABLE `document_number_kind` (`kind` varchar(40) NOT NULL, `agency_code` varchar(20) NOT NULL, `issuer` varchar(100) NOT NULL, `updated_by` varchar(64) NOT NULL, `updated_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), PRIMARY KEY (`kind`)) ENGINE=InnoDB',
  'CREATE TABLE `document_number_sequence` (`agency_code` varchar(20) NOT NULL, `year` int NOT NULL, `last_seq` int NOT NULL, PRIMARY KEY (`agency_code`, `year`)) ENGINE=InnoDB',
  'CREATE TABLE `document_number` (`id` int NOT NULL AUTO_INCREMENT, `kind` varchar(40) NOT NULL, `agency_code` varchar(20) NOT NULL, `year` int NOT NULL, `seq` int NOT NULL, `text` varchar(60) NOT NULL, `issuer` varchar(100) NOT NULL, `subject_type` varchar(40) NOT NULL, `subject_id` int NOT NULL, `issued_by` varchar(64) NOT NULL, `issued_at` datetime(3) NOT NULL, UNIQUE INDEX `uq_document_number_subject` (`subject_type`, `subject_id`), UNIQUE INDEX `uq_document_number_seq` (`agency_code`, `year`, `seq`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
];
const mysqlDown = [
  'DROP INDEX `uq_document_number_seq` ON `document_number`',
  'DROP INDEX `uq_document_number_subject` ON `document_number`',
  'DROP TABLE `document_number`',
  'DROP TABLE `document_number_sequence`',
  'DROP TABLE `document_number_kind`',
];

export const DocumentNumbers1796411801685 = dialectMigration('DocumentNumbers1796411801685', {
  sqliteUp,
  sqliteDown,
  mysqlUp,
  mysqlDown,
});
