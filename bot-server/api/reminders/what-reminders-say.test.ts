import { In } from 'typeorm';
import { Deadline, OutboxNotification } from '../../../entities';
import { contentOfPayload, type OutboxItem } from '../../reminders/outbox';
import type { UpcomingReminder, WatchedDeadline } from '../../reminders/service';
import type { RunningDuban } from '../../server';
import { testDatabases } from '../../test-support/databases';
import { callJson, signInAs, startTestDuban } from '../../test-support/http';
import { testSettings } from '../../test-support/reminders';

interface Mine {
  sent: { id: number; kind: string; title: string; items: OutboxItem[]; url: string | null }[];
  upcoming: (Omit<UpcomingReminder, 'dueAt'> & { dueAt: string })[];
  watching: (Omit<WatchedDeadline, 'dueAt'> & { dueAt: string })[];
}

const PUBLIC_URL = 'https://duban.example.gov.cn';

/**
 * Issue 15 (the digest leads nowhere): what the bot says of each item can be opened where it is said — each line
 * of a digest links to its record, 我的提醒 lists each line with its page — and the deadlines it speaks to a person
 * of are the ones 我的提醒 shows them, named as the messages name them and counted as the pages count them.
 */
describe.each(testDatabases())('what reminders say, and where it leads, on $name', (target) => {
  let duban: RunningDuban;
  let stop: () => Promise<void>;
  // A working day of the demo's data: its deadlines are seeded around the day it is started.
  const now = new Date();

  beforeAll(async () => {
    ({ duban, stop } = await startTestDuban(target));
    const { reminders, deadlines } = duban.services();
    await reminders.planner(deadlines, testSettings(1), () => now).pass();
  }, 120_000);
  afterAll(() => stop());

  const plannerRows = () =>
    duban
      .services()
      .db.getRepository(OutboxNotification)
      .findBy({ kind: In(['warning', 'due', 'overdue', 'escalation', 'digest']) });

  it('links every line of a digest to its own record', async () => {
    const digests = (await plannerRows()).filter((row) => row.kind === 'digest');
    expect(digests.length).toBeGreaterThan(0);
    for (const row of digests) {
      const payload = row.payload as { markdown?: string; items: OutboxItem[] };
      // The row keeps the lines, not the words twice: the dispatcher words the digest from them as it sends.
      expect(payload.markdown).toBeUndefined();
      const markdown = contentOfPayload(row.payload, PUBLIC_URL)?.markdown ?? '';
      const lines = markdown.split('\n').filter((line) => /^\d+\. /.test(line));
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines)
        expect(line).toMatch(/^\d+\. \[【.+】.+\]\(https:\/\/duban\.example\.gov\.cn\/m\/[a-z_]+\/\d+\)$/);
      // The lines shown are the first items of the payload, in order, each with its page.
      lines.forEach((line, n) => {
        const item = payload.items[n];
        expect(item?.path).toMatch(/^\/m\/[a-z_]+\/\d+$/);
        expect(line).toBe(`${n + 1}. [${item?.text}](${PUBLIC_URL}${item?.path})`);
      });
    }
  });

  it('shows each person the lines they were sent, each with its page, and the deadlines the lines speak of', async () => {
    const rows = await plannerRows();
    const recipients = [...new Set(rows.map((r) => r.recipientUserId))].filter((id): id is string => id !== null);
    expect(recipients.length).toBeGreaterThan(1);
    const deadlineRepo = duban.services().db.getRepository(Deadline);
    for (const person of recipients.slice(0, 6)) {
      const mine = await callJson<Mine>(duban, '/api/reminders/mine?limit=100', {
        token: await signInAs(duban, person),
      });
      expect(mine.status).toBe(200);
      const sent = mine.body.sent.filter((s) => rows.some((r) => r.id === s.id));
      expect(sent.length).toBeGreaterThan(0);
      for (const message of sent) {
        expect(message.items.length).toBeGreaterThan(0);
        for (const item of message.items) {
          expect(item.text).toMatch(/^【.+】/);
          expect(item.path).toMatch(/^\/m\/[a-z_]+\/\d+$/);
        }
      }
      // Items sent to the person responsible (not escalations to their heads) are among their upcoming deadlines,
      // named and dated as the pages show them, counted now.
      const own = sent.flatMap((m) => m.items).filter((i) => i.kind !== 'escalation');
      for (const item of own) {
        const upcoming = mine.body.upcoming.find((u) => u.deadlineId === item.deadlineId);
        const row = await deadlineRepo.findOneByOrFail({ id: item.deadlineId });
        expect(upcoming).toMatchObject({ dueDate: row.dueDate, path: item.path, overdue: row.dueAt <= new Date() });
        expect(upcoming?.name).toBeTruthy();
        expect(item.text).toContain(upcoming?.name?.slice(0, 20));
        if (upcoming?.overdue) expect(upcoming.overdueWorkdays).not.toBeNull();
        else expect(upcoming?.remainingWorkdays).not.toBeNull();
      }
    }
  });

  it('lists for a unit head or leader the others’ deadlines the bot escalated to them, while they stay open', async () => {
    const rows = await plannerRows();
    const escalations = rows.flatMap((row) =>
      ((row.payload as { items?: OutboxItem[] }).items ?? [])
        .filter((i) => i.kind === 'escalation')
        .map((i) => ({ person: row.recipientUserId as string, deadlineId: i.deadlineId, audience: i.audience })),
    );
    expect(escalations.length).toBeGreaterThan(0);
    expect(new Set(escalations.map((e) => e.audience))).toEqual(new Set(['unit_head', 'leader']));
    const people = [...new Set(escalations.map((e) => e.person))];
    for (const person of people) {
      const mine = await callJson<Mine>(duban, '/api/reminders/mine?limit=100', {
        token: await signInAs(duban, person),
      });
      const watched = new Set([...mine.body.watching, ...mine.body.upcoming].map((w) => w.deadlineId));
      const missing = escalations.filter((e) => e.person === person && !watched.has(e.deadlineId));
      expect([person, missing]).toEqual([person, []]);
      for (const w of mine.body.watching) {
        expect(w.name).toBeTruthy();
        expect(w.assigneeName).toBeTruthy();
        expect(w.escalationLevel).toBeGreaterThanOrEqual(1);
      }
    }
    // Nobody else watches them: a staff member of another unit has none of these.
    const stranger = await callJson<Mine>(duban, '/api/reminders/mine?limit=100', {
      token: await signInAs(duban, 'zhenglei'),
    });
    const strangers = new Set(stranger.body.watching.map((w) => w.deadlineId));
    expect(escalations.filter((e) => e.person !== 'zhenglei' && strangers.has(e.deadlineId))).toEqual([]);
  });

  it("gives a unit head the deadlines that name the unit but no person (the bot's first rung for them)", async () => {
    const db = duban.services().db;
    const unitDeadline = await db
      .getRepository(Deadline)
      .createQueryBuilder('d')
      .where('d.assignee_user_id IS NULL AND d.department_id IS NOT NULL AND d.status = :open', { open: 'open' })
      .orderBy('d.due_at', 'ASC')
      .getOne();
    expect(unitDeadline).not.toBeNull();
    const heads: { user_id: string }[] = await db.query(
      "SELECT user_id FROM user_role WHERE role = 'unit_head' AND scope = ? UNION SELECT user_id FROM user_department WHERE is_head = 1 AND department_id = ?",
      [unitDeadline?.departmentId, unitDeadline?.departmentId],
    );
    expect(heads.length).toBeGreaterThan(0);
    const head = heads[0]?.user_id as string;
    const mine = await callJson<Mine>(duban, '/api/reminders/mine?limit=100', { token: await signInAs(duban, head) });
    expect(mine.body.upcoming.map((u) => u.deadlineId)).toContain(unitDeadline?.id);
    // Someone outside the unit does not get it.
    const outsiders: { id: string }[] = await db.query(
      'SELECT id FROM app_user WHERE id NOT IN (SELECT user_id FROM user_department WHERE department_id = ?) ORDER BY id',
      [unitDeadline?.departmentId],
    );
    const outsider = outsiders.find((o) => o.id !== head)?.id as string;
    const theirs = await callJson<Mine>(duban, '/api/reminders/mine?limit=100', {
      token: await signInAs(duban, outsider),
    });
    expect(theirs.body.upcoming.map((u) => u.deadlineId)).not.toContain(unitDeadline?.id);
  });
});
