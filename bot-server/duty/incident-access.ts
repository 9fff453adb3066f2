/**
 * Who may do what with 应急值班信息, and the words a user reads for its codes. The person on duty now (the 带班领导 or
 * a 值班人员 of the planned shift covering the instant) records incidents and reports; so do 会务 and administrators
 * at any time. Leaders and 督查室 read.
 */
import { type EntityManager, LessThanOrEqual, MoreThan } from 'typeorm';
import {
  DutyShift,
  type IncidentCategory,
  type IncidentLevel,
  type IncidentReportChannel,
  type IncidentReportKind,
  type Role,
} from '../../entities';
import { sqlInstant } from '../db/sql-instant';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../supervision/types';
import { holds } from './petition-access';
import { peopleOfShift } from './views';

/** Record incidents and reports at any hour, on duty or not (administrators hold every role). */
export const INCIDENT_OFFICE_ROLES: readonly Role[] = ['meeting_office'];
/** Read every incident. */
export const INCIDENT_READER_ROLES: readonly Role[] = ['leader', 'supervision_office', 'meeting_office'];
/**
 * The roles of the people the office's roster names (leaders as 带班领导, the office's staff as 值班人员): the routes
 * let them in, and the service lets through only whoever is on duty now (or an office role).
 */
export const INCIDENT_ROUTE_ROLES: readonly Role[] = ['leader', 'supervision_office', 'meeting_office', 'staff'];

export const CATEGORY_NAMES: Record<IncidentCategory, string> = {
  natural_disaster: '自然灾害',
  accident: '事故灾难',
  public_health: '公共卫生事件',
  social_security: '社会安全事件',
};

export const REPORT_KIND_NAMES: Record<IncidentReportKind, string> = {
  phone: '电话初报',
  written: '书面初报',
  follow_up: '续报',
  final: '终报',
};

export const CHANNEL_NAMES: Record<IncidentReportChannel, string> = {
  phone: '电话',
  fax: '传真',
  dingtalk: '钉钉',
  intranet: '政务内网',
  other: '其他',
};

/** What the mini-app offers as 报送对象 (free text: any other may be typed). */
export const RECIPIENT_SUGGESTIONS = [
  '区委总值班室',
  '区政府总值班室',
  '市委总值班室',
  '市政府总值班室',
  '区应急管理局',
];

export const LEVEL_ORDER: readonly IncidentLevel[] = ['extraordinary', 'major', 'large', 'general'];

/** The planned shift whose stored start and end cover `at`, if any. */
export async function shiftAt(manager: EntityManager, at: Date): Promise<DutyShift | null> {
  const instant = sqlInstant(manager.connection, at) as Date;
  return manager.getRepository(DutyShift).findOne({
    where: { startsAt: LessThanOrEqual(instant), endsAt: MoreThan(instant) },
    order: { startsAt: 'DESC' },
  });
}

/** Whether the user is the 带班领导 or a 值班人员 of the shift covering `at`. */
export async function onDutyAt(manager: EntityManager, userId: string, at: Date): Promise<DutyShift | null> {
  const shift = await shiftAt(manager, at);
  if (!shift) return null;
  return (await peopleOfShift(manager, shift)).includes(userId) ? shift : null;
}

/** The person on duty now, 会务 or an administrator; else 403 with `message`. */
export async function requireOnDutyOrOffice(manager: EntityManager, actor: Actor, now: Date, message: string) {
  if (holds(actor, INCIDENT_OFFICE_ROLES)) return;
  if (!(await onDutyAt(manager, actor.id, now))) throw new DomainError('forbidden', 'not_on_duty', message);
}
