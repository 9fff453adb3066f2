import { OutboxNotification } from '../../entities';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { enqueueNotifications, type NewNotification } from './outbox';

/**
 * `enqueueNotifications` says how many rows were new: on MySQL read from the answer of a multi-row INSERT
 * ("Records: N  Duplicates: M"), or by looking for the key of a single row first; on SQLite from the rows changed.
 */
describe.each(testDatabases())('enqueueNotifications on $name', (target) => {
  const scratch = useScratchDatabase(target);
  const at = new Date('2026-03-10T01:00:00Z');

  const row = (key: string, words = key): NewNotification => ({
    idempotencyKey: key,
    channel: 'work_notice',
    kind: 'overdue',
    recipientUserId: 'zhenglei',
    payload: { title: words, markdown: words },
    scheduledAt: at,
  });
  const enqueue = (rows: NewNotification[]) =>
    scratch.db.transaction((manager) => enqueueNotifications(manager, rows, at));

  it('counts only the rows it added, whether a statement holds one row or many', async () => {
    expect(await enqueue([row('a'), row('b')])).toBe(2);
    // Several rows: two already there, one new, one key twice in the same statement.
    expect(await enqueue([row('a', 'again'), row('c'), row('b'), row('c', 'twice')])).toBe(1);
    // One row: there already, then new.
    expect(await enqueue([row('c', 'again')])).toBe(0);
    expect(await enqueue([row('d')])).toBe(1);
    // More rows than one statement takes (400): the count runs over every statement.
    const many = Array.from({ length: 401 }, (_, n) => row(`many-${n}`));
    expect(await enqueue([row('a'), ...many])).toBe(401);
    expect(await enqueue(many)).toBe(0);

    const stored = await scratch.db.getRepository(OutboxNotification).find({ order: { idempotencyKey: 'ASC' } });
    expect(stored).toHaveLength(405);
    // The first row of a key stays as written: a repeat changes nothing.
    expect(
      stored.filter((r) => !r.idempotencyKey.startsWith('many-')).map((r) => [r.idempotencyKey, r.payload.title]),
    ).toEqual([
      ['a', 'a'],
      ['b', 'b'],
      ['c', 'c'],
      ['d', 'd'],
    ]);
  });

  it('stores the values of a statement of many rows as given: instants in UTC, words as written', async () => {
    // On MySQL such a statement is prepared and its values sent as they are, not escaped into its text.
    const words = '【逾期提醒】《关于"办文"\\流程的通知》\n> 区政府办公室 · 第2项';
    const later = new Date('2026-03-11T00:30:00.250Z');
    const rows: NewNotification[] = [
      { ...row('w-1', words), subjectType: 'matter', subjectId: 12 },
      { ...row('w-2'), recipientUserId: null, recipientGroup: '督查室工作群', scheduledAt: later },
    ];
    expect(await enqueue(rows)).toBe(2);

    const stored = await scratch.db.getRepository(OutboxNotification).find({
      where: [{ idempotencyKey: 'w-1' }, { idempotencyKey: 'w-2' }],
      order: { idempotencyKey: 'ASC' },
    });
    expect(
      stored.map((r) => ({
        key: r.idempotencyKey,
        recipient: r.recipientUserId,
        group: r.recipientGroup,
        subject: [r.subjectType, r.subjectId],
        payload: r.payload,
        scheduledAt: r.scheduledAt.toISOString(),
        nextAttemptAt: r.nextAttemptAt.toISOString(),
        status: r.status,
        attempts: r.attempts,
      })),
    ).toEqual([
      {
        key: 'w-1',
        recipient: 'zhenglei',
        group: null,
        subject: ['matter', 12],
        payload: { title: words, markdown: words },
        scheduledAt: '2026-03-10T01:00:00.000Z',
        nextAttemptAt: '2026-03-10T01:00:00.000Z',
        status: 'pending',
        attempts: 0,
      },
      {
        key: 'w-2',
        recipient: null,
        group: '督查室工作群',
        subject: [null, null],
        payload: { title: 'w-2', markdown: 'w-2' },
        scheduledAt: '2026-03-11T00:30:00.250Z',
        nextAttemptAt: '2026-03-11T00:30:00.250Z',
        status: 'pending',
        attempts: 0,
      },
    ]);
  });
});
