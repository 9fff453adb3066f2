/**
 * Who may do what with the 信访接待登记 and the duty phone log, and what the two share: the checks of a unit, of an
 * instant something happened, and of a listed period.
 */
import { type EntityManager, In } from 'typeorm';
import { Department, type Role } from '../../entities';
import { parseISODate, shanghaiInstant } from '../calendar';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../supervision/types';
import { checkPastInstant, checkPeriod } from '../timelimits/plausible';

/** 督查室 and 会务 (the office's own sections) record visits and calls; administrators hold every role. */
export const RECORDER_ROLES: readonly Role[] = ['supervision_office', 'meeting_office'];
/** Those who record, and the district leaders, read the register, the log and their figures. */
export const READER_ROLES: readonly Role[] = [...RECORDER_ROLES, 'leader'];
/** A visit becomes a supervised matter through the office that assigns matters: 督查室. */
export const TURN_ROLES: readonly Role[] = ['supervision_office'];

export const holds = (actor: Actor, roles: readonly Role[]) =>
  actor.roles.some((r) => r.role === 'admin' || roles.includes(r.role));

export function requireRoles(actor: Actor, roles: readonly Role[], message: string): void {
  if (!holds(actor, roles)) throw new DomainError('forbidden', 'forbidden', message);
}

/** The representative's name and contact are shown whole only to those who record visits. */
export const seesPersonalData = (actor: Actor) => holds(actor, RECORDER_ROLES);

/** 张三丰 → 张**; a name of one character stays hidden as *. */
export const maskName = (name: string) =>
  name.length <= 1 ? '*' : `${name.slice(0, 1)}${'*'.repeat(name.length - 1)}`;

/** 13812345678 → 138****5678; anything shorter than 7 characters is hidden whole. */
export const maskContact = (contact: string | null) =>
  contact === null ? null : contact.length < 7 ? '****' : `${contact.slice(0, 3)}****${contact.slice(-4)}`;

export const invalid = (code: string, message: string) => new DomainError('invalid', code, message);

/** Text trimmed, within `max` characters; empty → null unless `required` (then refused with `what`). */
export function text(value: unknown, what: string, max: number, required: true): string;
export function text(value: unknown, what: string, max: number, required?: false): string | null;
export function text(value: unknown, what: string, max: number, required = false): string | null {
  if (value !== undefined && value !== null && typeof value !== 'string')
    throw invalid('invalid_input', `${what}格式有误`);
  const trimmed = (value ?? '').trim();
  if (!trimmed) {
    if (required) throw invalid('invalid_input', `请填写${what}`);
    return null;
  }
  if (trimmed.length > max) throw invalid('invalid_input', `${what}不得超过${max}字`);
  return trimmed;
}

/** When something happened: a real instant, not after now (a minute's grace for clocks), not before 2000. */
export function pastInstant(value: Date, now: Date, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid('invalid_input', `${what}无效`);
  if (value.getTime() > now.getTime() + 60_000) throw invalid('invalid_input', `${what}不能晚于现在`);
  return checkPastInstant(value, now, what);
}

/** A unit that exists and may be named (not the leadership group); its name. */
export async function unitOf(manager: EntityManager, id: string, what: string): Promise<Department> {
  const unit = await manager.getRepository(Department).findOneBy({ id: String(id).trim() });
  if (!unit || unit.kind === 'leadership') throw invalid('unknown_unit', `${what}“${id}”不存在`);
  return unit;
}

/** Names of units by id, for views. */
export async function unitNames(manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  const units = wanted.length ? await manager.getRepository(Department).findBy({ id: In(wanted) }) : [];
  return new Map(units.map((u) => [u.id, u.name]));
}

/** A listed period [from, to] (Shanghai dates) as instants [start, end); either end may be open. */
export function periodBounds(from: string | undefined, to: string | undefined, now: Date) {
  try {
    if (from && to) checkPeriod(from, to, now, '查询期间');
    return {
      start: from ? shanghaiInstant(parseISODate(from)) : null,
      end: to ? shanghaiInstant(parseISODate(to) + 1) : null,
    };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw invalid('invalid_period', '查询日期无效：应为真实存在的日期，格式 YYYY-MM-DD');
  }
}

/** A page of a list: at most 200 rows. */
export const pageOf = (limit?: number, offset?: number) => ({
  take: Math.min(Math.max(Math.trunc(limit ?? 50), 1), 200),
  skip: Math.max(Math.trunc(offset ?? 0), 0),
});
