import { OutboxNotification } from '../../../entities';
import type { RunningDuban } from '../../server';
import type { MatterView } from '../../supervision/types';
import { testDatabases } from '../../test-support/databases';
import { callJson, signInAs, startTestDuban } from '../../test-support/http';

describe.each(testDatabases())('催办 from a leader’s first screen, on $name', (target) => {
  let duban: RunningDuban;
  let stop: () => Promise<void>;

  // Migrating and seeding the demo on a busy MariaDB can take longer than jest's default.
  beforeAll(async () => {
    ({ duban, stop } = await startTestDuban(target));
  }, 120_000);
  afterAll(() => stop());

  const overdueMatter = async (token: string) => {
    const res = await callJson<{ matters: MatterView[] }>(duban, '/api/supervision/matters?timeliness=overdue', {
      token,
    });
    expect(res.status).toBe(200);
    const matter = res.body.matters[0];
    if (!matter) throw new Error('the demo holds no overdue matter');
    return matter;
  };

  it('lets a district leader urge an overdue matter: counted, and a work notice to the unit', async () => {
    const token = await signInAs(duban, 'wangjianguo');
    const matter = await overdueMatter(token);
    const urged = await callJson<{ matter: MatterView }>(duban, `/api/supervision/matters/${matter.id}/urge`, {
      method: 'POST',
      token,
      body: '{}',
    });
    expect(urged.status).toBe(200);
    expect(urged.body.matter.urgeCount).toBe(matter.urgeCount + 1);
    const notices = await duban
      .services()
      .db.getRepository(OutboxNotification)
      .findOneBy({ idempotencyKey: `urge:${matter.id}:${matter.urgeCount + 1}` });
    expect(notices).toMatchObject({ kind: 'urge', channel: 'work_notice' });
  });

  it('still refuses a unit’s own people, and counts nothing', async () => {
    const office = await signInAs(duban, 'sunli');
    const matter = await overdueMatter(office);
    const refused = await callJson(duban, `/api/supervision/matters/${matter.id}/urge`, {
      method: 'POST',
      token: await signInAs(duban, 'yangfan'),
      body: '{}',
    });
    expect(refused.status).toBe(403);
    expect((await overdueMatter(office)).urgeCount).toBe(matter.urgeCount);
  });
});
