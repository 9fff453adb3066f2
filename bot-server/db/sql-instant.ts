import type { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { isMysql } from '../../entities/data-source';

/**
 * An instant as a raw-SQL parameter, in the form TypeORM itself stores: mysql2 writes a Date as UTC (the
 * connection runs with timezone 'Z'); SQLite keeps `YYYY-MM-DD HH:MM:SS.SSS` text in UTC, which also sorts.
 */
export function sqlInstant(db: DataSource, date: Date): Date | string {
  return isMysql(db) ? date : DateUtils.mixedDateToUtcDatetimeString(date);
}
