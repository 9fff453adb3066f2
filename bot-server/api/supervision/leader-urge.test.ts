import { OutboxNotification } from '../../../entities';
import type { MatterView } from '../../supervision/types';
import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { callJson, signInAs } from '../../test-support/http';

describe.each(testDatabases())('催办 from a leader’s first screen, on $name', (target) => {
  const demo = useDemoDuban(target);

  const overdueMatter = async (token: string) => {
    const res = await callJson<{ matters: MatterView[] }>(demo.duban, '/api/supervision/matters?timeliness=overdue', {
      token,
    });
    expect(res.status).toBe(200);
    const matter = res.body.matters[0];
    if (!matter) throw new Error('the demo holds no overdue matter');
    return matter;
  };

  it('lets a district leader urge an overdue matter: counted, and a work notice to the unit', async () => {
    const token = await signInAs(demo.duban, 'wangjianguo');
    const matter = await overdueMatter(token);
    const urged = await callJson<{ matter: MatterView }>(demo.duban, `/api/supervision/matters/${matter.id}/urge`, {
      method: 'POST',
      token,
      body: '{}',
    });
    expect(urged.status).toBe(200);
    expect(urged.body.matter.urgeCount).toBe(matter.urgeCount + 1);
    const notices = await demo.duban
      .services()
      .db.getRepository(OutboxNotification)
      .findOneBy({ idempotencyKey: `urge:${matter.id}:${matter.urgeCount + 1}` });
    expect(notices).toMatchObject({ kind: 'urge', channel: 'work_notice' });
  });

  it('still refuses a unit’s own people, and counts nothing', async () => {
    const office = await signInAs(demo.duban, 'sunli');
    const matter = await overdueMatter(office);
    const refused = await callJson(demo.duban, `/api/supervision/matters/${matter.id}/urge`, {
      method: 'POST',
      token: await signInAs(demo.duban, 'yangfan'),
      body: '{}',
    });
    expect(refused.status).toBe(403);
    expect((await overdueMatter(office)).urgeCount).toBe(matter.urgeCount);
  });
});
