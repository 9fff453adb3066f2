/**
 * The reminder settings administrators keep in the admin pages (table `reminder_setting`, entities/reminders.ts): one
 * row per setting, absent while the built-in or configured value stands. Every write is audited.
 */
import type { EntityManager } from 'typeorm';
import { type JsonObject, ReminderSetting } from '../../entities';
import { audit } from '../audit/audit';

export type StoredSettingName = 'office_hours' | 'policy_defaults';

export interface StoredSetting {
  value: string;
  updatedBy: string | null;
  updatedAt: Date;
}

export async function readSetting(manager: EntityManager, name: StoredSettingName): Promise<StoredSetting | null> {
  return manager.getRepository(ReminderSetting).findOneBy({ name });
}

/** Stores `value` (null: removes the row), audited with the readable `before` and `after`. */
export async function writeSetting(
  manager: EntityManager,
  actorId: string,
  name: StoredSettingName,
  value: string | null,
  change: { before: JsonObject; after: JsonObject },
): Promise<void> {
  const repo = manager.getRepository(ReminderSetting);
  if (value === null) await repo.delete({ name });
  else await repo.save({ name, value, updatedBy: actorId });
  await audit(manager, {
    actor: actorId,
    action: 'reminder_setting.saved',
    subjectType: 'reminder_setting',
    subjectId: name,
    ...change,
  });
}
