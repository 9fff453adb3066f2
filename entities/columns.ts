import { Column, type ColumnOptions, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * Column helpers that keep entities dialect-neutral: the same declaration maps to SQLite and MySQL/MariaDB.
 * Instants are UTC `datetime(3)` (MySQL keeps milliseconds; the connection runs with timezone 'Z').
 * Civil dates in Asia/Shanghai are `YYYY-MM-DD` strings, so no driver ever converts them through a time zone.
 */
export const DateTimeColumn = (options: Omit<ColumnOptions, 'type' | 'precision'> = {}) =>
  Column({ type: 'datetime', precision: 3, ...options });

export const CivilDateColumn = (options: Omit<ColumnOptions, 'type' | 'length'> = {}) =>
  Column({ type: 'varchar', length: 10, ...options });

/**
 * A JSON object as stored in a JSON column. Nested values are typed loosely (`object`): TypeORM's partial-entity
 * types cannot expand a recursive JSON type, and `unknown` does not fit them.
 */
export type Json = string | number | boolean | null | object;
export type JsonObject = { [key: string]: Json };

/** JSON kept as text (portable across both dialects; we never query inside it). */
export const JsonColumn = (options: Omit<ColumnOptions, 'type'> = {}) => Column({ type: 'simple-json', ...options });

export const VarcharColumn = (length: number, options: Omit<ColumnOptions, 'type' | 'length'> = {}) =>
  Column({ type: 'varchar', length, ...options });

export const TextColumn = (options: Omit<ColumnOptions, 'type'> = {}) => Column({ type: 'text', ...options });

export const IntColumn = (options: Omit<ColumnOptions, 'type'> = {}) => Column({ type: 'int', ...options });

export const BoolColumn = (options: Omit<ColumnOptions, 'type'> = {}) => Column({ type: 'boolean', ...options });

/** Row timestamps: the driver's own type and default (datetime(6) with CURRENT_TIMESTAMP(6) on MySQL). */
export const CreatedAtColumn = () => CreateDateColumn();
export const UpdatedAtColumn = () => UpdateDateColumn();

/** DingTalk user ids and department ids are strings up to 64 characters. */
export const USER_ID_LENGTH = 64;
export const DEPARTMENT_ID_LENGTH = 32;
