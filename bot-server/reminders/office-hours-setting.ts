/**
 * Office hours as the administrator set them in the admin pages, else as the server's configuration gives them
 * (`REMINDER_OFFICE_HOURS`). Every pass reads them afresh, so a change holds from the next pass on every instance.
 */
import type { EntityManager } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { describeOfficeHours, type OfficeHours, parseOfficeHours } from './office-hours';
import { readSetting, writeSetting } from './stored-setting';

export interface OfficeHoursSetting {
  hours: OfficeHours;
  /** `admin`: set in the admin pages (by `updatedBy`, at `updatedAt`); `config`: the server's configuration. */
  source: 'admin' | 'config';
  updatedBy: string | null;
  updatedAt: Date | null;
}

export async function officeHoursSetting(manager: EntityManager, configured: OfficeHours): Promise<OfficeHoursSetting> {
  const row = await readSetting(manager, 'office_hours');
  if (!row) return { hours: configured, source: 'config', updatedBy: null, updatedAt: null };
  try {
    return { hours: parseOfficeHours(row.value), source: 'admin', updatedBy: row.updatedBy, updatedAt: row.updatedAt };
  } catch {
    // Only a hand-edited row can be malformed (saving checks the text): the configuration's hours stand meanwhile.
    return { hours: configured, source: 'config', updatedBy: null, updatedAt: null };
  }
}

/** The office hours a pass works by. */
export async function currentOfficeHours(manager: EntityManager, configured: OfficeHours): Promise<OfficeHours> {
  return (await officeHoursSetting(manager, configured)).hours;
}

/**
 * Sets the office hours (`HH:mm-HH:mm`), audited; `null` goes back to the server's configuration. Refuses hours that
 * leave less than an hour for messages: reminders would pile up at the opening.
 */
export async function saveOfficeHours(
  manager: EntityManager,
  actorId: string,
  text: string | null,
  configured: OfficeHours,
): Promise<void> {
  const before = await officeHoursSetting(manager, configured);
  if (text === null && before.source === 'config') return;
  let after: OfficeHours = configured;
  if (text !== null) {
    try {
      after = parseOfficeHours(text);
    } catch {
      throw new DomainError('invalid', 'office_hours_invalid', '办公时间格式应为「08:30-18:00」，且开始早于结束');
    }
    if (after.closeMinutes - after.openMinutes < 60) {
      throw new DomainError('invalid', 'office_hours_too_short', '办公时间至少应有 1 小时，否则提醒将积压在上班时刻');
    }
  }
  await writeSetting(manager, actorId, 'office_hours', text === null ? null : describeOfficeHours(after), {
    before: { officeHours: describeOfficeHours(before.hours), source: before.source },
    after: { officeHours: describeOfficeHours(after), source: text === null ? 'config' : 'admin' },
  });
}
