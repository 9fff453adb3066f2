import Koa from 'koa';
import pino from 'pino';
import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { startSimulator } from '../../scripts/sim/simulator';
import { MemorySink } from '../test-support/dingtalk';
import {
  createDingTalkClients,
  createEventReceiver,
  type DingTalkSettings,
  HttpCallbackReceiver,
  type Logger,
  StreamReceiver,
} from './index';

it('a pino logger fits the Logger seam', () => {
  const logger: Logger = pino({ level: 'silent' });
  expect(typeof logger.info).toBe('function');
});

it('wires clients and both receivers from the DINGTALK_* settings, against the simulator', async () => {
  const sim = await startSimulator({ org: SAMPLE_ORG, stream: { pingIntervalMs: 0 } });
  const settings: DingTalkSettings = {
    corpId: sim.settings.DINGTALK_CORP_ID ?? '',
    appKey: sim.settings.DINGTALK_APP_KEY ?? '',
    appSecret: sim.settings.DINGTALK_APP_SECRET ?? '',
    agentId: sim.settings.DINGTALK_AGENT_ID ?? '',
    eventMode: 'stream',
    callbackToken: sim.settings.DINGTALK_CALLBACK_TOKEN ?? '',
    callbackAesKey: sim.settings.DINGTALK_CALLBACK_AES_KEY ?? '',
    apiBase: sim.apiBase,
    oapiBase: sim.oapiBase,
  };
  const sink = new MemorySink();
  const stream = createEventReceiver(settings, { sink });
  try {
    const { oapi, sender } = createDingTalkClients(settings);
    expect((await oapi.getUser('zhuren01')).name).toBe('王建国');
    await sender.sendWorkNotice(['zhuren01'], { msgtype: 'text', text: { content: '接线测试' } });
    expect(sim.messages({ kind: 'work_notice' })).toHaveLength(1);

    expect(stream).toBeInstanceOf(StreamReceiver);
    await stream.start();
    const delivery = await sim.deliverEvent({ eventType: 'bpms_instance_change', data: { type: 'start' } });
    expect(sink.stored.get(delivery.eventId)?.corpId).toBe(settings.corpId);

    const http = createEventReceiver({ ...settings, eventMode: 'http' }, { sink });
    expect(http).toBeInstanceOf(HttpCallbackReceiver);
    if (http instanceof HttpCallbackReceiver) new Koa().use(http.routes());
  } finally {
    await stream.stop();
    await sim.close();
  }
});
