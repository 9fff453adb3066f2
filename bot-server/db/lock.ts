import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { isMysql } from '../../entities/data-source';

/** The row, locked for the rest of the transaction on MySQL (SQLite transactions are exclusive); null if none. */
export function lockedRow<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<T | null> {
  return manager.getRepository(entity).findOne({
    where,
    ...(isMysql(manager.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}
