import type { DataSource, EntityManager } from 'typeorm';
import { Department, OFFICE_WIDE, User, UserDepartment, UserRole } from '../../entities';
import { DEMO_DEPARTMENTS, DEMO_USERS } from './demo-organisation';
import { seedDemoDocuments } from './seed-documents';
import { seedDutyDemo } from './seed-duty';
import { seedIncidentsDemo } from './seed-incidents';
import { seedInformationDemo } from './seed-information';
import { seedLedgersDemo } from './seed-ledgers';
import { seedMeetingsDemo } from './seed-meetings';
import { seedPetitionsDemo } from './seed-petitions';
import { seedResearchDemo } from './seed-research';
import { seedSupervisionDemo } from './seed-supervision';

/** The department whose presence says the demo organisation is already there. */
const MARKER_DEPARTMENT_ID = DEMO_DEPARTMENTS[0]?.id ?? '1';

/** Seeds the demo organisation unless it is already there. Returns whether it seeded. */
export async function seedDemoOnce(db: DataSource): Promise<boolean> {
  return db.transaction(async (manager) => {
    if (await manager.getRepository(Department).existsBy({ id: MARKER_DEPARTMENT_ID })) return false;
    await insertDemoOrganisation(manager);
    await seedSupervisionDemo(manager);
    await seedDemoDocuments(manager);
    await seedMeetingsDemo(manager);
    await seedDutyDemo(manager);
    await seedPetitionsDemo(manager);
    await seedIncidentsDemo(manager);
    await seedInformationDemo(manager);
    await seedResearchDemo(manager);
    await seedLedgersDemo(manager);
    return true;
  });
}

/** Replaces the demo organisation with a fresh copy (`duban demo`). Only for the demo database. */
export async function reseedDemo(db: DataSource): Promise<void> {
  await db.transaction(async (manager) => {
    const userIds = DEMO_USERS.map((u) => u.id);
    const departmentIds = DEMO_DEPARTMENTS.map((d) => d.id);
    for (const id of userIds) {
      await manager.delete(UserRole, { userId: id });
      await manager.delete(UserDepartment, { userId: id });
      await manager.delete(User, { id });
    }
    for (const id of departmentIds) await manager.delete(Department, { id });
    await insertDemoOrganisation(manager);
  });
}

/** Inserts the demo departments, people, memberships and roles (also used by tests that need the org alone). */
export async function insertDemoOrganisation(manager: EntityManager): Promise<void> {
  await manager.insert(
    Department,
    DEMO_DEPARTMENTS.map((d, i) => ({
      id: d.id,
      name: d.name,
      kind: d.kind,
      parentId: d.parentId,
      sortOrder: i,
      leaderUserId: d.leaderUserId ?? null,
      origin: 'duban' as const,
    })),
  );
  await manager.insert(
    User,
    // The unionIds the demo's simulator gives these people, so calendar events name them as DingTalk would.
    DEMO_USERS.map((u) => ({
      id: u.id,
      name: u.name,
      title: u.title,
      primaryDepartmentId: u.departmentId,
      unionId: `union-${u.id}`,
    })),
  );
  await manager.insert(
    UserDepartment,
    DEMO_USERS.map((u) => ({ userId: u.id, departmentId: u.departmentId, isHead: u.head ?? false })),
  );
  await manager.insert(
    UserRole,
    DEMO_USERS.flatMap((u) =>
      u.roles.map((r) => ({ userId: u.id, role: r.role, scope: r.scope ?? OFFICE_WIDE, grantedBy: 'demo' })),
    ),
  );
}
