import type { EntityManager } from 'typeorm';
import { Department, type Document, type DocumentStep, OFFICE_WIDE, type Role } from '../../entities';

/** Who is asking, as the API knows it (a `SignedInUser` fits). */
export interface Viewer {
  id: string;
  primaryDepartmentId: string | null;
  roles: { role: Role; scope: string }[];
}

/**
 * What a person may see and do with documents:
 * - everyone: their own steps, and the documents of their unit (registered by the unit, or with a step assigned
 *   to it) and those they originated or have a step in;
 * - the whole office — 区政府办公室 and its 科室 (秘书科 registers and routes documents), the supervision office
 *   (督查室), leaders, and an office-wide unit head — sees every document and the figures;
 * - registering a paper document and routing it: the office's own staff, the supervision office, administrators;
 * - configuring templates and starting a reconciliation: administrators.
 */
export interface DocumentScope {
  userId: string;
  all: boolean;
  /** A member of 区政府办公室 or one of its 科室 (department kind office / section). */
  office: boolean;
  admin: boolean;
  canRegister: boolean;
  /** The units whose documents and steps are visible beyond one's own. */
  units: string[];
}

export async function scopeOf(manager: EntityManager, viewer: Viewer): Promise<DocumentScope> {
  const roles = viewer.roles.map((r) => r.role);
  const admin = roles.includes('admin');
  const department = viewer.primaryDepartmentId
    ? await manager.getRepository(Department).findOneBy({ id: viewer.primaryDepartmentId })
    : null;
  const office = department?.kind === 'office' || department?.kind === 'section';
  const officeWideHead = viewer.roles.some((r) => r.role === 'unit_head' && r.scope === OFFICE_WIDE);
  const units = [
    ...new Set(
      [
        viewer.primaryDepartmentId,
        ...viewer.roles.filter((r) => r.role === 'unit_head' && r.scope !== OFFICE_WIDE).map((r) => r.scope),
      ].filter((u): u is string => !!u),
    ),
  ];
  const supervision = roles.includes('supervision_office');
  return {
    userId: viewer.id,
    all: admin || office || supervision || roles.includes('leader') || officeWideHead,
    office,
    admin,
    canRegister: admin || office || supervision,
    units,
  };
}

/** Whether the scope sees this document (its steps given). */
export function canSee(scope: DocumentScope, doc: Document, steps: DocumentStep[]): boolean {
  if (scope.all) return true;
  if (doc.originatorUserId === scope.userId) return true;
  if (doc.departmentId && scope.units.includes(doc.departmentId)) return true;
  return steps.some(
    (s) => s.assigneeUserId === scope.userId || (s.departmentId !== null && scope.units.includes(s.departmentId)),
  );
}
