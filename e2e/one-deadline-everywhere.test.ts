import type { Page } from 'playwright-core';
import { In } from 'typeorm';
import { DEFAULT_OFFICE_HOURS, nextOfficeInstant } from '../bot-server/reminders/office-hours';
import type { OutboxItem } from '../bot-server/reminders/outbox';
import type { ReminderSettings } from '../bot-server/reminders/settings';
import { callJson, signInAs } from '../bot-server/test-support/http';
import { chineseDate, countWorkdays } from '../bot-server/timelimits';
import { Deadline, OutboxNotification } from '../entities';
import { type Demo, demoForThisFile, phone, screenshot, signIn } from './browser';

// A browser and a seeded demo server on a two-core machine, beside the other suites: generous, not tight.
jest.setTimeout(240_000);

interface Sample {
  deadline: Deadline;
  person: string;
  /** The line the bot sent of it, as sent (work notice, recorded by the simulator). */
  line: string;
  /** 「已逾期N个工作日」, 「剩余N个工作日」 or 「今日到期」, counted now (what the pages say). */
  tag: string;
  /** The same, counted when the message went out (the same, unless it waited for the office to open). */
  sentTag: string;
}

const PLANNER_KINDS = ['warning', 'due', 'overdue', 'digest'];

/** The words of a message the simulator recorded (a work notice's action card or markdown). */
function wordsOf(message: { kind: string } & Record<string, unknown>): string {
  return message.kind === 'work_notice' ? JSON.stringify(message.msg) : '';
}

/**
 * Issue 15, done when: a scripted day in the demo — the bot plans and sends its reminders, the simulator records
 * them — shows for a sample of deadlines of every kind the same last day and the same count of working days on
 * 待办, the detail page, 我的提醒, the bot's message and (for 督办事项) the bulletin.
 */
describe('one deadline, one last day and one count everywhere (a scripted day in the demo)', () => {
  const demo = demoForThisFile();

  it('says the same last day and the same count on every page, in every message and in the bulletin', async () => {
    const { reminders, deadlines, db } = demo.duban.services();
    const sim = demo.duban.simulator;
    if (!sim) throw new Error('the demo runs on its simulator');
    const settings: ReminderSettings = {
      officeHours: DEFAULT_OFFICE_HOURS,
      publicUrl: demo.duban.url,
      groupRobots: {},
      agentId: Number(sim.settings.DINGTALK_AGENT_ID),
    };
    // The morning's reminders: planned now, sent as the office opens (work notices wait for office hours).
    const now = new Date();
    await reminders.planner(deadlines, settings, () => now).pass();
    const opening = nextOfficeInstant(now, deadlines.calendar(), DEFAULT_OFFICE_HOURS);
    await reminders.dispatcher(deadlines, settings, () => opening).dispatchDue();

    const sent = await db
      .getRepository(OutboxNotification)
      .findBy({ kind: In(PLANNER_KINDS), status: 'sent', channel: 'work_notice' });
    const samples = new Map<string, Sample>();
    for (const row of sent) {
      const person = row.recipientUserId as string;
      const recorded = sim.messages({ kind: 'work_notice', userId: person });
      for (const item of (row.payload as { items?: OutboxItem[] }).items ?? []) {
        const deadline = await db.getRepository(Deadline).findOneByOrFail({ id: item.deadlineId });
        if (samples.has(deadline.subjectType) || deadline.assigneeUserId !== person || !item.text) continue;
        // The line as DingTalk got it, found in what the simulator recorded for the person.
        const line = recorded.map((m) => wordsOf(m)).find((words) => words.includes(item.text as string));
        if (!line) continue;
        const tagAt = (moment: Date) => {
          const count = countWorkdays(deadline, deadlines.calendar(deadline.calendarScope), moment);
          if (count.overdue) return `已逾期${count.workdaysOverdue}个工作日`;
          return count.workdaysLeft === 0 ? '今日到期' : `剩余${count.workdaysLeft}个工作日`;
        };
        // The 督办事项 sampled is an overdue one: the bulletin lists those.
        if (deadline.subjectType === 'matter' && !tagAt(new Date()).startsWith('已逾期')) continue;
        samples.set(deadline.subjectType, {
          deadline,
          person,
          line: item.text,
          tag: tagAt(new Date()),
          sentTag: tagAt(opening),
        });
      }
    }
    // Documents' steps and 督办事项 at the least, and whatever else the demo's morning reminded people of
    // (monthly reports, paper documents, meeting receipts…): one of each kind.
    expect([...samples.keys()]).toEqual(expect.arrayContaining(['document_step', 'matter']));
    expect(samples.size).toBeGreaterThanOrEqual(3);

    for (const { deadline, person, line, tag, sentTag } of samples.values()) {
      const lastDay = chineseDate(deadline.dueDate);
      const what = `${deadline.subjectType} ${deadline.id}`;
      // The bot's line: the last day (a meeting's receipt says it as 「请于…前」), and the count when overdue,
      // counted on the day it went out.
      if (deadline.subjectType !== 'meeting_attendee' || !sentTag.startsWith('已逾期')) {
        expect([what, line.includes(lastDay)]).toEqual([what, true]);
      }
      if (sentTag.startsWith('已逾期') && deadline.subjectType !== 'meeting_attendee') {
        expect([what, line]).toEqual([what, expect.stringContaining(sentTag)]);
      }

      const { page, errors } = await phone(demo);
      await signIn(page, person, '/m/todo');
      const todo = page.locator(`.todo-item[data-subjects~="${deadline.subjectType}:${deadline.subjectId}"]`).first();
      await todo.waitFor();
      await expectAllRemindedInTodo(demo, page, person);
      expect([what, await todo.textContent()]).toEqual([what, expect.stringContaining(`时限：${lastDay}`)]);
      expect([what, await todo.textContent()]).toEqual([what, expect.stringContaining(tag)]);

      // The detail page the item opens.
      await todo.click();
      await page.waitForURL((url) => !url.pathname.startsWith('/m/todo'));
      await expectText(page, lastDay, what);
      if (deadline.subjectType !== 'meeting_attendee') await expectText(page, tag, what);
      await screenshot(page, `one-deadline-${deadline.subjectType}`);

      // 我的提醒: named as the message names it, the same day and count.
      await page.goto('/m/reminders');
      const reminder = page.locator(`.upcoming-reminder[data-deadline="${deadline.id}"]`);
      await reminder.waitFor();
      expect([what, await reminder.textContent()]).toEqual([what, expect.stringContaining(`时限：${lastDay}`)]);
      expect([what, await reminder.textContent()]).toEqual([what, expect.stringContaining(tag)]);
      await screenshot(page, `one-deadline-reminders-${deadline.subjectType}`);
      // What the bot sent is listed line by line, and each line opens its record.
      const sentLine = page.locator('.sent-reminders .reminder-line', { hasText: line }).first();
      await sentLine.scrollIntoViewIfNeeded();
      await screenshot(page, `one-deadline-sent-${deadline.subjectType}`);
      await sentLine.click();
      await page.waitForURL((url) => !url.pathname.startsWith('/m/reminders'));
      await expectText(page, lastDay, what);
      expect(errors).toEqual([]);
      await page.context().close();
    }

    // Those the bot escalated others' overdue work to (unit heads, leaders) find it in their 待办 too.
    const pressed = [
      ...new Set(
        sent.flatMap((row) =>
          ((row.payload as { items?: OutboxItem[] }).items ?? []).some((i) => i.kind === 'escalation')
            ? [row.recipientUserId as string]
            : [],
        ),
      ),
    ];
    expect(pressed.length).toBeGreaterThan(0);
    for (const person of pressed.slice(0, 2)) {
      const { page } = await phone(demo);
      await signIn(page, person, '/m/todo');
      await page.locator('.todo-item').first().waitFor();
      await expectAllRemindedInTodo(demo, page, person);
      await screenshot(page, `one-deadline-todo-pressed-${person}`);
      await page.context().close();
    }

    // The bulletin of this month, read now, counts the sampled 督办事项 as the pages do.
    const matter = samples.get('matter') as Sample;
    const figures = await demo.duban.services().supervision.bulletins.preview(shanghaiMonth(new Date()));
    expect(figures.overdue.find((o) => o.matterId === matter.deadline.subjectId)).toMatchObject({
      dueDate: matter.deadline.dueDate,
      workdaysOverdue: Number(/\d+/.exec(matter.tag)?.[0]),
    });
  });
});

/**
 * Every deadline the bot speaks to the person of — their own, and others' escalated to them — is an item of their
 * 待办 (the page is showing 待办).
 */
async function expectAllRemindedInTodo(demo: Demo, page: Page, person: string): Promise<void> {
  const { body } = await callJson<{ upcoming: Subject[]; watching: Subject[] }>(
    demo.duban,
    '/api/reminders/mine?limit=100',
    { token: await signInAs(demo.duban, person) },
  );
  const listed = await page
    .locator('.todo-item')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-subjects')));
  const subjects = new Set(listed.flatMap((l) => (l ?? '').split(' ')));
  const missing = [...body.upcoming, ...body.watching]
    .map((u) => `${u.subjectType}:${u.subjectId}`)
    .filter((k) => !subjects.has(k));
  expect([person, missing]).toEqual([person, []]);
}

interface Subject {
  subjectType: string;
  subjectId: number;
}

/** Waits until the page shows `text` somewhere (the detail pages lay it out each in their own way). */
async function expectText(page: Page, text: string, what: string): Promise<void> {
  try {
    await page.getByText(text).first().waitFor({ timeout: 15_000 });
  } catch {
    throw new Error(
      `${what}: the page ${page.url()} does not show 「${text}」:\n${await page.locator('body').textContent()}`,
    );
  }
}

const shanghaiMonth = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
