import { useMe } from '@/lib/auth';
import { todayInShanghai } from '@/lib/dates';
import { getOrganisation, unitOptions } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { getCommissioned } from '../api/information';
import type { Option } from './information-form';

/** 督查室 and 会务 (秘书科): they edit, return, report and record adoptions. */
export const isOffice = (user: Parameters<typeof hasRole>[0]) => hasRole(user, 'supervision_office', 'meeting_office');

/**
 * What a writer's form offers, loaded only for writers: the units (the office any unit, others their own) with the
 * one preselected, and this year's 约稿 the writer sees.
 */
export function useWriterOptions(enabled: boolean) {
  const { user, departments } = useMe();
  const office = isOffice(user);
  const org = useRequest(
    (signal) => (enabled && office ? getOrganisation(signal) : Promise.resolve(null)),
    [enabled, office],
  );
  const year = Number(todayInShanghai().slice(0, 4));
  const commissioned = useRequest(
    (signal) => (enabled ? getCommissioned(year, signal).catch(() => []) : Promise.resolve([])),
    [enabled, year],
  );
  const own: Option[] = departments.map((d) => ({ label: d.name, value: d.id }));
  const units: Option[] = office && org.data ? unitOptions(org.data) : own;
  const matters: Option[] = (commissioned.data ?? []).map((m) => ({
    label: `${m.number} ${m.title}`,
    value: String(m.id),
  }));
  const ready = enabled && (!office || Boolean(org.data)) && commissioned.data !== undefined;
  return { ready, units, matters, defaultUnit: user.primaryDepartmentId };
}
