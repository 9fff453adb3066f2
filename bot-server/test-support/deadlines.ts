import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { DeadlineService, type NewDeadline } from '../deadlines/deadline-service';
import { createLogger } from '../logging/logger';

const TEST_RULE = 'test.three_workdays';

/**
 * A deadline service on `db` with `entities` emptied first (so each test starts clean), and the rule
 * `test.three_workdays`: three working days from receipt.
 */
export async function deadlinesWithTestRule(
  db: DataSource,
  entities: EntityTarget<ObjectLiteral>[],
): Promise<DeadlineService> {
  for (const entity of entities) await db.getRepository(entity).clear();
  const service = await DeadlineService.load(() => db, createLogger('silent'));
  await service.setRule('qianwei', TEST_RULE, {
    name: '测试：三个工作日',
    amount: 3,
    unit: 'workday',
    anchor: '收到之日',
    source: { basis: 'office_default', citation: '测试用规则' },
  });
  return service;
}

/** A deadline of `service` under `test.three_workdays` for the document step `subjectId`, received at `receivedAt`. */
export function createTestDeadline(
  db: DataSource,
  service: DeadlineService,
  receivedAt: Date,
  subjectId: number,
  who: Pick<NewDeadline, 'assigneeUserId' | 'departmentId'> = {},
) {
  return db.transaction((manager) =>
    service.create(manager, {
      subjectType: 'document_step',
      subjectId,
      purpose: 'handle',
      ruleCode: TEST_RULE,
      receivedAt,
      ...who,
    }),
  );
}
