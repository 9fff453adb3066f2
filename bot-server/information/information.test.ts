import { AuditLog, InformationAdoption, InformationItem, InformationScoreRule, Matter } from '../../entities';
import { defaultCalendar } from '../calendar';
import { insertDemoOrganisation } from '../demo/seed-demo';
import { informationDrill, informationFigures } from '../reports/information-figures';
import type { Actor } from '../supervision/types';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { InformationService, type ItemView } from './items';
import { unitRanking } from './rankings';
import { DEFAULT_SCORE_RULES, setScoreRules } from './rules';

const at = (text: string) => new Date(`${text}+08:00`);
const actor = (id: string, ...roles: [string, string?][]): Actor => ({
  id,
  roles: roles.map(([role, scope]) => ({ role: role as Actor['roles'][number]['role'], scope: scope ?? '*' })),
});
const HEMIN = actor('hemin', ['staff']); // 区发改委 (31)
const CAOXUE = actor('caoxue', ['staff']); // 区财政局 (32)
const YANGFAN = actor('yangfan', ['staff']); // 区住建局 (33)
const OFFICE = actor('zhoutao', ['supervision_office']);
const ADMIN = actor('qianwei', ['unit_head', '23'], ['admin']);
const LEADER = actor('wangjianguo', ['leader']);

/**
 * 政务信息 on a scratch database (migrations and the demo organisation only): the flow from draft to 已报送 with a
 * return, the refusals that change nothing, scoring by the rule table, and the unit ranking and the figures
 * against a count by hand of a small year (2025; the flow's item is of 2024).
 */
describe.each(testDatabases())('government information on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let clock = at('2025-01-02T09:00:00');
  let info: InformationService;
  const snapshot = async () => ({
    items: await scratch.db.getRepository(InformationItem).count(),
    adoptions: await scratch.db.getRepository(InformationAdoption).count(),
    audit: await scratch.db.getRepository(AuditLog).count(),
  });
  const refused = async (work: Promise<unknown>, code: string, message: RegExp) => {
    const before = await snapshot();
    await expect(work).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await snapshot()).toEqual(before);
  };
  /** An item written, submitted and reported on the given days. */
  const reported = async (who: Actor, title: string, submitted: string, extra: { matterId?: number } = {}) => {
    clock = at(`${submitted}T09:00:00`);
    const item = await info.create(who, { title, content: `${title}的正文`, submit: true, ...extra });
    clock = at(`${submitted}T16:00:00`);
    return info.report(OFFICE, item.id);
  };
  const adopt = (item: ItemView, day: string, level: string, form: string, instructionLevel?: string) => {
    clock = at(`${day}T10:00:00`);
    return info.adopt(OFFICE, item.id, { level, form, adoptedOn: day, instructionLevel });
  };

  beforeAll(async () => {
    await insertDemoOrganisation(scratch.db.manager);
    info = new InformationService(() => scratch.db);
    info.pinClock(() => clock);
  });

  it('ships this office’s default score rules in the migration, the same as in the code', async () => {
    const rows = await scratch.db.getRepository(InformationScoreRule).find();
    const table: Record<string, Record<string, number>> = {};
    for (const r of rows) table[r.level] = { ...table[r.level], [r.kind]: r.points };
    expect(table).toEqual(DEFAULT_SCORE_RULES);
  });

  it('takes an item from draft through a return to 已报送, audited, and refuses what is out of turn', async () => {
    clock = at('2024-01-06T09:00:00');
    await refused(info.create(HEMIN, { title: ' ', content: '正文' }), 'invalid_input', /信息标题/);
    await refused(info.create(HEMIN, { title: '标题', content: '正文', departmentId: '32' }), 'forbidden', /本单位/);
    const draft = await info.create(HEMIN, { title: '发改委推进项目建设', content: '初稿' });
    expect(draft).toMatchObject({ status: 'draft', unit: { id: '31', name: '区发展和改革委员会' }, canEdit: true });
    await refused(info.report(OFFICE, draft.id), 'invalid_status', /草稿/);
    await refused(info.edit(CAOXUE, draft.id, { content: '别人改' }), 'forbidden', /不能修改/);

    clock = at('2024-01-07T09:00:00');
    const submitted = await info.submit(HEMIN, draft.id);
    expect([submitted.status, submitted.submittedAt]).toEqual(['submitted', clock.toISOString()]);
    await refused(info.edit(HEMIN, draft.id, { content: '提交后自己改' }), 'forbidden', /不能修改/);
    const edited = await info.edit(OFFICE, draft.id, { title: '区发改委：重大项目建设提速' });
    expect(edited).toMatchObject({ status: 'edited', statusName: '已编辑', title: '区发改委：重大项目建设提速' });
    await refused(info.giveBack(OFFICE, draft.id, ''), 'invalid_input', /退回原因/);
    const back = await info.giveBack(OFFICE, draft.id, '请补充具体数据');
    expect(back).toMatchObject({ status: 'returned', returnReason: '请补充具体数据', canEdit: false });
    await info.edit(HEMIN, draft.id, { content: '补充了投资完成率' });
    clock = at('2024-01-08T09:00:00');
    await info.submit(HEMIN, draft.id);
    await refused(
      info.adopt(OFFICE, draft.id, { level: 'city', form: 'whole', adoptedOn: '2024-01-08' }),
      'not_reported',
      /尚未报送/,
    );
    const up = await info.report(OFFICE, draft.id);
    expect(up).toMatchObject({ status: 'reported', reportedAt: clock.toISOString() });
    await refused(info.edit(OFFICE, draft.id, { content: '报送后再改' }), 'forbidden', /不能修改/);

    const audit = await scratch.db
      .getRepository(AuditLog)
      .find({ where: { subjectType: 'information_item', subjectId: String(draft.id) }, order: { id: 'ASC' } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['information.created', 'hemin'],
      ['information.submitted', 'hemin'],
      ['information.edited', 'zhoutao'],
      ['information.returned', 'zhoutao'],
      ['information.edited', 'hemin'],
      ['information.submitted', 'hemin'],
      ['information.reported', 'zhoutao'],
    ]);
    expect(audit[3]?.reason).toBe('请补充具体数据');

    // Adoptions: refused before submission, at an unknown level, twice at one level; scored by the rule table.
    const adoption = { level: 'city', form: 'whole', adoptedOn: '2024-01-07' };
    await refused(info.adopt(OFFICE, draft.id, adoption), 'adopted_before_submitted', /早于信息提交日期/);
    await refused(info.adopt(OFFICE, draft.id, { ...adoption, level: 'county' }), 'unknown_level', /采用层级/);
    await refused(info.adopt(OFFICE, draft.id, { ...adoption, form: 'most' }), 'unknown_form', /采用形式/);
    await refused(info.adopt(HEMIN, draft.id, { ...adoption, adoptedOn: '2024-01-08' }), 'forbidden', /督查室/);
    const once = await info.adopt(OFFICE, draft.id, { ...adoption, adoptedOn: '2024-01-08', instructionLevel: 'city' });
    expect(once.adoptions.map((a) => [a.levelName, a.formName, a.instructionName, a.points])).toEqual([
      ['市政府办公室', '全篇采用', '市领导批示', 20],
    ]);
    await refused(info.adopt(OFFICE, draft.id, { ...adoption, adoptedOn: '2024-01-08' }), 'already_adopted', /已登记/);
    const removed = await info.removeAdoption(OFFICE, draft.id, once.adoptions[0]?.id ?? 0);
    expect([removed.adoptions, removed.score]).toEqual([[], 0]);
    expect((await info.list(CAOXUE, {})).items.map((i) => i.id)).not.toContain(draft.id);
    expect((await info.list(LEADER, { month: '2024-01', unit: '31' })).items.map((i) => i.id)).toEqual([draft.id]);
  });

  it('ranks the units of a month and a year by score, and gives the figures, as counted by hand', async () => {
    await scratch.db.getRepository(Matter).insert({
      year: 2025,
      source: 'commissioned_article',
      sequence: 1,
      number: '约稿〔2025〕1号',
      title: '一季度经济运行约稿',
      leadDepartmentId: '31',
      assignedAt: at('2025-02-01T09:00:00'),
    } as Partial<Matter>);
    const matter = await scratch.db.getRepository(Matter).findOneByOrFail({ number: '约稿〔2025〕1号' });
    const a = await reported(HEMIN, 'A', '2025-02-10');
    const b = await reported(HEMIN, 'B', '2025-03-03', { matterId: matter.id });
    const c = await reported(CAOXUE, 'C', '2025-02-12');
    await reported(CAOXUE, 'D', '2025-06-01');
    const e = await reported(YANGFAN, 'E', '2025-02-14');
    clock = at('2025-02-15T09:00:00');
    await info.create(YANGFAN, { title: 'F', content: '未提交的草稿' });
    await adopt(a, '2025-02-20', 'city', 'whole', 'city'); // 10 + 10
    await adopt(c, '2025-02-25', 'city', 'combined'); // 3
    await adopt(e, '2025-02-26', 'city', 'part'); // 6
    await adopt(b, '2025-03-20', 'province', 'whole'); // 20
    await adopt(a, '2025-11-05', 'province', 'part'); // 12
    const last = await adopt(e, '2025-12-01', 'state', 'combined', 'state'); // 12 + 40
    expect(last.score).toBe(6 + 52);

    const rows = (r: Awaited<ReturnType<typeof unitRanking>>) =>
      r.units.map((u) => [u.rank, u.unit.id, u.score, u.adopted, u.reported]);
    expect(rows(await unitRanking(scratch.db, LEADER, { year: 2025 }))).toEqual([
      [1, '33', 58, 1, 1],
      [2, '31', 52, 2, 2],
      [3, '32', 3, 1, 2],
      [4, '34', 0, 0, 0],
      [4, '35', 0, 0, 0],
    ]);
    expect(rows(await unitRanking(scratch.db, OFFICE, { month: '2025-02' }))).toEqual([
      [1, '31', 20, 1, 1],
      [2, '33', 6, 1, 1],
      [3, '32', 3, 1, 1],
      [4, '34', 0, 0, 0],
      [4, '35', 0, 0, 0],
    ]);
    await expect(unitRanking(scratch.db, HEMIN, { year: 2025 })).rejects.toMatchObject({ code: 'forbidden' });

    const q = { db: scratch.db, now: clock };
    const year = { from: '2025-01-01', to: '2025-12-31' };
    const figures = async (scope = {}) =>
      Object.fromEntries(
        (await informationFigures(scratch.db.manager, defaultCalendar(), q, year, scope)).figures.map((f) => [
          f.id.replace('information.', ''),
          f.value,
        ]),
      );
    // A is adopted in February and in November (two slices of the year): one item adopted.
    expect(await figures()).toEqual({
      reported: 5,
      adopted: 4,
      adoptedByCity: 3,
      adoptedWhole: 2,
      commissionedReported: 1,
      commissionedAdopted: 1,
      // A's 市领导批示 in February and E's 国家领导批示 in December.
      instructions: 2,
      score: 113,
    });
    expect(await figures({ unit: '31' })).toMatchObject({ reported: 2, adopted: 2, score: 52 });
    const drill = await informationDrill(
      scratch.db.manager,
      defaultCalendar(),
      q,
      'information.adopted',
      year,
      {},
      {
        limit: 50,
        offset: 0,
      },
    );
    expect(drill?.items.map((i) => i.title).sort()).toEqual(['A', 'B', 'C', 'E']);
    expect(drill?.items.find((i) => i.title === 'A')?.link).toBe(`/m/information/${a.id}`);

    // An administrator changes the rules (audited); the scores and the ranking follow. Others may not.
    const before = await scratch.db.getRepository(AuditLog).count();
    await expect(
      setScoreRules(scratch.db, OFFICE, [{ level: 'state', kind: 'instruction', points: 0 }], clock),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      setScoreRules(scratch.db, ADMIN, [{ level: 'county', kind: 'whole', points: 1 }], clock),
    ).rejects.toMatchObject({ code: 'unknown_level' });
    expect(await scratch.db.getRepository(AuditLog).count()).toBe(before);
    await setScoreRules(scratch.db, ADMIN, [{ level: 'state', kind: 'instruction', points: 0 }], clock);
    const change = await scratch.db
      .getRepository(AuditLog)
      .findOneByOrFail({ action: 'information.score_rules.changed' });
    expect([change.actor, change.before?.['state.instruction'], change.after?.['state.instruction']]).toEqual([
      'qianwei',
      40,
      0,
    ]);
    expect(rows(await unitRanking(scratch.db, LEADER, { year: 2025 })).slice(0, 2)).toEqual([
      [1, '31', 52, 2, 2],
      [2, '33', 18, 1, 1],
    ]);
    expect((await figures()).score).toBe(73);
  });
});
