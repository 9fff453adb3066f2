import { Department, User, UserDepartment, UserRole } from '../../entities';
import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { type Simulator, startSimulator } from '../../scripts/sim/simulator';
import { dingtalkSettingsOf } from '../demo/demo-dingtalk';
import { createDingTalkClients } from '../dingtalk';
import { testDatabases, useScratchDatabase } from '../test-support/databases';
import { syncOrganisation } from './org-sync';
import { sessions } from './sessions';

describe.each(testDatabases())('organisation sync on $name', (target) => {
  const scratch = useScratchDatabase(target);
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ org: SAMPLE_ORG, stream: { pingIntervalMs: 0 } });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('pulls departments and users, keeps the roles set in Duban, and deactivates who left', async () => {
    const { oapi } = createDingTalkClients(dingtalkSettingsOf(sim, 'stream'));
    const first = await syncOrganisation(scratch.db, oapi);
    expect(first).toEqual({
      departments: SAMPLE_ORG.departments.length,
      users: SAMPLE_ORG.users.length,
      deactivated: 0,
    });
    const departments = await scratch.db.getRepository(Department).find({ order: { sortOrder: 'ASC' } });
    expect(departments.map((d) => [d.id, d.name, d.parentId])).toEqual(
      SAMPLE_ORG.departments.map((d) => [String(d.dept_id), d.name, d.parent_id ? String(d.parent_id) : null]),
    );
    expect(await scratch.db.getRepository(User).findOneByOrFail({ id: 'wendian02' })).toMatchObject({
      name: '吴芳',
      primaryDepartmentId: '5',
      active: true,
    });
    expect(await scratch.db.getRepository(UserDepartment).findOneByOrFail({ userId: 'wendian01' })).toMatchObject({
      departmentId: '5',
    });

    // Duban's own additions: a role, a department's kind and responsible leader.
    await scratch.db.getRepository(UserRole).insert({ userId: 'duchashi01', role: 'supervision_office' });
    await scratch.db.getRepository(Department).update({ id: '3' }, { kind: 'section', leaderUserId: 'fuzhuren01' });

    // Someone leaves and a department is renamed in DingTalk; the one who leaves was signed in, the one who stays too.
    const until = new Date(Date.now() + 3_600_000);
    const leaving = await sessions.open(scratch.db.manager, 'wendian02', 'dingtalk', until);
    const staying = await sessions.open(scratch.db.manager, 'wendian01', 'dingtalk', until);
    sim.state.users.delete('wendian02');
    const renamed = sim.state.departments.get(4);
    if (renamed) renamed.name = '综合信息科';
    const second = await syncOrganisation(scratch.db, oapi);
    expect(second.deactivated).toBe(1);
    expect(await scratch.db.getRepository(User).findOneByOrFail({ id: 'wendian02' })).toMatchObject({ active: false });
    expect(await sessions.isLive(scratch.db.manager, leaving, 'wendian02', new Date())).toBe(false);
    expect(await sessions.isLive(scratch.db.manager, staying, 'wendian01', new Date())).toBe(true);
    expect((await scratch.db.getRepository(Department).findOneByOrFail({ id: '4' })).name).toBe('综合信息科');
    expect(await scratch.db.getRepository(Department).findOneByOrFail({ id: '3' })).toMatchObject({
      kind: 'section',
      leaderUserId: 'fuzhuren01',
    });
    expect(await scratch.db.getRepository(UserRole).countBy({ userId: 'duchashi01', role: 'supervision_office' })).toBe(
      1,
    );
  });
});
