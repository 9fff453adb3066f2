/** True when a write failed because a unique index already holds the value (MySQL/MariaDB or SQLite). */
export function isUniqueViolation(err: unknown): boolean {
  const driver = (err as { driverError?: { code?: string; errno?: number } }).driverError ?? err;
  const code = (driver as { code?: string }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
