import { MEETING_TYPES, Meeting, type Role } from '../../entities';
import type { DeadlineService } from '../deadlines/deadline-service';
import { DASHBOARD_SPECS } from '../reports/dashboard';
import { computeFigures, drillFigure, type QueryContext } from '../reports/engine';
import { MEETING_HELD_SPECS, meetingFigures } from '../reports/meeting-figures';
import type { Actor } from '../supervision';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { supervisionOverDemoOrganisation } from '../test-support/supervision';
import { MeetingService } from './service';
import { BUILT_IN_TYPES, isOfficialType, meetingTypes } from './types';

const at = (text: string) => new Date(`${text}+08:00`);
const actor = (id: string, role: Role = 'staff'): Actor => ({ id, roles: [{ role, scope: '*' }] });
const OFFICE = actor('zhenglei', 'meeting_office');
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const INTERNAL = [
  'branch_assembly',
  'branch_committee',
  'party_cell',
  'party_lecture',
  'theme_party_day',
  'group_study',
  'secretary_study',
];

describe.each(testDatabases())('the office party and study meetings on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let clock = at('2026-06-01T09:00:00');
  let deadlines: DeadlineService;
  let meetings: MeetingService;

  beforeAll(async () => {
    const opened = await supervisionOverDemoOrganisation(scratch.db, () => clock);
    deadlines = opened.deadlines;
    meetings = new MeetingService({
      db: () => scratch.db,
      deadlines,
      supervision: opened.supervision.matters,
      clock: () => clock,
    });
  });

  const notified = async (type: string, startsAt: string, people: string[] = ['sunli', 'zhoutao', 'wufang']) => {
    const created = await meetings.create(OFFICE, {
      type,
      title: `${BUILT_IN_TYPES.get(type as never)?.name}（测试）`,
      startsAt: at(startsAt),
      attendeeUserIds: people,
    });
    return meetings.notify(OFFICE, created.id);
  };

  it('are built-in types, not official, with the names of the summary', async () => {
    const types = await meetingTypes(scratch.db.manager);
    expect(types.filter((t) => INTERNAL.includes(t.code)).map((t) => [t.name, t.builtIn, t.official])).toEqual([
      ['支部党员大会', true, false],
      ['支委会', true, false],
      ['党小组会', true, false],
      ['党课', true, false],
      ['主题党日', true, false],
      ['集中学习', true, false],
      ['秘书集中学习', true, false],
    ]);
    expect(INTERNAL.every((code) => !isOfficialType(code) && (MEETING_TYPES as readonly string[]).includes(code))).toBe(
      true,
    );
    // `party_group` stays the 区政府党组会议, official; 党小组会 is `party_cell`.
    expect([BUILT_IN_TYPES.get('party_group')?.name, isOfficialType('party_group')]).toEqual(['区政府党组会议', true]);
    // Every type has its dashboard figure and its held figure.
    for (const type of MEETING_TYPES) {
      expect(DASHBOARD_SPECS.some((s) => s.id === `meetings.${type}`)).toBe(true);
      expect(MEETING_HELD_SPECS.some((s) => s.id === `meetings.held.${type}`)).toBe(true);
    }
  });

  it('counts a 主题党日 notified, confirmed and signed in once as held; a cancelled and a future one do not', async () => {
    clock = at('2026-06-01T09:00:00');
    const held = await notified('theme_party_day', '2026-06-03T14:30:00');
    expect(held.status).toBe('notified');
    await meetings.respond(actor('sunli'), held.id, { response: 'confirmed' });
    await meetings.respond(actor('zhoutao'), held.id, { response: 'confirmed' });
    await meetings.respond(actor('wufang'), held.id, { response: 'leave', reason: '参加市级培训' });
    const cancelled = await notified('theme_party_day', '2026-06-10T14:30:00');
    await meetings.cancel(OFFICE, cancelled.id, '与区委中心组学习时间冲突');
    const study = await notified('group_study', '2026-06-05T08:30:00');
    await meetings.create(OFFICE, { type: 'theme_party_day', title: '草稿', startsAt: at('2026-06-20T14:30:00') });
    await notified('coordination', '2026-07-01T10:00:00', ['fenggang']);
    await notified('scheduling', '2026-08-03T15:00:00', ['hemin']);

    clock = at('2026-06-03T14:20:00');
    for (const person of ['sunli', 'zhoutao']) {
      await meetings.signIn(actor(person), held.id, held.signInCode ?? '');
    }
    const signed = await meetings.get(OFFICE, held.id);
    expect(signed.attendees.map((a) => [a.userId, a.response, a.signedInAt !== null])).toEqual([
      ['sunli', 'confirmed', true],
      ['zhoutao', 'confirmed', true],
      ['wufang', 'leave', false],
    ]);

    // December: a 主题党日 and a 专题协调会 notified for later this month are not yet held.
    clock = at('2026-12-20T10:00:00');
    const future = await notified('theme_party_day', '2026-12-28T14:30:00');
    await notified('coordination', '2026-12-29T10:00:00', ['fenggang']);
    await meetings.sweep();

    const q: QueryContext = { db: scratch.db, now: clock };
    const figures = await computeFigures(
      scratch.db.manager,
      deadlines.calendar(),
      q,
      [...MEETING_HELD_SPECS, ...DASHBOARD_SPECS.filter((s) => s.domain === 'meetings')],
      YEAR,
      {},
    );
    // The hand count: notified or held, not cancelled, started by now, in the year, of the type.
    const rows = await scratch.db.getRepository(Meeting).find();
    const byHand = (types: string[]) =>
      rows.filter(
        (m) =>
          types.includes(m.type) &&
          (m.status === 'notified' || m.status === 'held') &&
          m.startsAt <= clock &&
          m.startsAt >= at('2026-01-01T00:00:00') &&
          m.startsAt < at('2027-01-01T00:00:00'),
      ).length;
    expect(figures.get('meetings.held.theme_party_day')?.value).toBe(1);
    expect(figures.get('meetings.held.theme_party_day')?.value).toBe(byHand(['theme_party_day']));
    expect(figures.get('meetings.held.group_study')?.value).toBe(1);
    expect(figures.get('meetings.held.coordinating')?.value).toBe(2);
    expect(figures.get('meetings.held.coordinating')?.value).toBe(byHand(['coordination', 'scheduling']));
    for (const type of MEETING_TYPES) {
      expect([type, figures.get(`meetings.held.${type}`)?.value]).toEqual([type, byHand([type])]);
    }
    // The dashboard's figure counts the notified one ahead too (会议数量); 召开 does not.
    expect(figures.get('meetings.theme_party_day')?.value).toBe(2);

    const spec = MEETING_HELD_SPECS.find((s) => s.id === 'meetings.held.theme_party_day');
    if (!spec) throw new Error('no held figure for 主题党日');
    const drill = await drillFigure(
      scratch.db.manager,
      deadlines.calendar(),
      q,
      spec,
      YEAR,
      {},
      { limit: 10, offset: 0 },
    );
    expect([drill.total, drill.items.map((i) => [i.id, i.date, i.link])]).toEqual([
      1,
      [[held.id, '2026-06-03', `/m/meeting/${held.id}`]],
    ]);
    expect(drill.items.map((i) => i.id)).not.toContain(future.id);
    expect(drill.items.map((i) => i.id)).not.toContain(cancelled.id);
    expect(drill.items.map((i) => i.id)).not.toContain(study.id);

    // The meetings page's figures: the same held count per type beside the notified ones.
    const page = await meetingFigures(scratch.db.manager, YEAR.from, YEAR.to, clock);
    const themeDay = page.byType.find((t) => t.type === 'theme_party_day');
    expect([themeDay?.name, themeDay?.count, themeDay?.held]).toEqual(['主题党日', 2, 1]);
    expect(page.byType.find((t) => t.type === 'secretary_study')).toMatchObject({ count: 0, held: 0 });
  });
});
