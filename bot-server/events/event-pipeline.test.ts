import { InboxEvent } from '../../entities';
import { testDatabases } from '../test-support/databases';
import { until, useDemoDuban } from '../test-support/demo-fixture';
import { callJson } from '../test-support/http';

const approval = (processInstanceId: string) => ({
  eventType: 'bpms_instance_change',
  data: { processInstanceId, type: 'start', title: '郑磊提交的收文办理', processCode: 'PROC-DUBAN-SHOUWEN' },
});

describe.each(testDatabases())('DingTalk events end to end on $name', (target) => {
  describe.each(['stream', 'http'] as const)('over %s', (mode) => {
    const demo = useDemoDuban(target, { env: { DINGTALK_EVENT_MODE: mode } });

    const rows = () =>
      demo.duban
        .services()
        .db.getRepository(InboxEvent)
        .find({ order: { id: 'ASC' } });

    it('stores each delivered event once, before acknowledging it, and processes it', async () => {
      const sim = demo.duban.simulator;
      if (!sim) throw new Error('the demo runs with its simulator');
      if (mode === 'stream') await sim.gateway.waitForConnections(1);
      const first = await sim.deliverEvent({ ...approval('pi-1'), eventId: 'evt-1' });
      expect(first.status).toBe('acknowledged');
      // Acknowledged means stored: the row is there the moment DingTalk has its answer.
      expect((await rows()).map((r) => r.eventId)).toEqual(['evt-1']);

      // DingTalk delivers the same event again: answered with success, stored once.
      const again = await sim.deliverEvent({ ...approval('pi-1'), eventId: 'evt-1' });
      expect(again.status).toBe('acknowledged');
      await sim.deliverEvent({ eventType: 'some_new_event_type', data: { x: 1 }, eventId: 'evt-2' });

      const processed = await until(rows, (r) => r.every((row) => row.status !== 'pending'));
      expect(processed.map((r) => [r.eventId, r.eventType, r.status, r.transport])).toEqual([
        // Approval events are handled by documents (bot-server/documents); unknown types are only marked.
        ['evt-1', 'bpms_instance_change', 'done', mode],
        ['evt-2', 'some_new_event_type', 'ignored', mode],
      ]);
      expect(processed[0]?.payload).toMatchObject({ processInstanceId: 'pi-1', title: '郑磊提交的收文办理' });
    });

    if (mode === 'stream') {
      it('loses nothing when the Stream connection drops', async () => {
        const sim = demo.duban.simulator;
        if (!sim) throw new Error('the demo runs with its simulator');
        await sim.gateway.waitForConnections(1);
        sim.gateway.dropConnections();
        const deliveries = ['evt-d1', 'evt-d2', 'evt-d3'].map((eventId) =>
          sim.deliverEvent({ ...approval(eventId), eventId }),
        );
        await Promise.all(deliveries);
        const stored = await rows();
        // Stored in whatever order the events came back over the new connection; each exactly once.
        const ids = stored.filter((r) => r.eventId.startsWith('evt-d')).map((r) => r.eventId);
        expect(ids.sort()).toEqual(['evt-d1', 'evt-d2', 'evt-d3']);
        expect(demo.duban.events.connected()).toBe(true);
      });
    } else {
      it('answers check_url and refuses a forged push without storing it', async () => {
        const sim = demo.duban.simulator;
        if (!sim) throw new Error('the demo runs with its simulator');
        expect(await sim.checkCallbackUrl()).toBe(true);
        const before = (await rows()).length;
        const forged = await fetch(`${demo.duban.url}/dingtalk/callback?signature=0&timestamp=1&nonce=x`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ encrypt: 'AAAA' }),
        });
        expect(forged.status).toBe(401);
        expect(await forged.json()).toMatchObject({ error: { code: 'callback_bad_signature' } });
        expect((await rows()).length).toBe(before);
      });
    }

    it('signs a user in with a DingTalk free-login code, once', async () => {
      const sim = demo.duban.simulator;
      if (!sim) throw new Error('the demo runs with its simulator');
      const code = sim.issueAuthCode('sunli');
      const first = await callJson<{ user: { id: string; via: string } }>(demo.duban, '/api/auth/dingtalk', {
        method: 'POST',
        body: JSON.stringify({ code }),
      });
      expect(first.status).toBe(200);
      expect(first.body.user).toMatchObject({ id: 'sunli', via: 'dingtalk' });
      const reused = await callJson<{ error: { message: string } }>(demo.duban, '/api/auth/dingtalk', {
        method: 'POST',
        body: JSON.stringify({ code }),
      });
      expect(reused.status).toBe(401);
      expect(reused.body.error.message).toMatch(/免登授权码无效/);
    });
  });
});
