import { createHmac } from 'node:crypto';
import { SAMPLE_ORG } from '../../scripts/sim/sample-org';
import { SIM_DEFAULTS, type Simulator, startSimulator } from '../../scripts/sim/simulator';
import { DingTalkApiError, DingTalkError } from './errors';
import { MessageSender } from './message-sender';
import {
  dingtalkPageLink,
  groupRobotActionCard,
  groupRobotMarkdown,
  groupRobotSendUrl,
  groupRobotSign,
  groupRobotText,
  robotActionCard,
  workNoticeActionCard,
  workNoticeMarkdown,
} from './messages';
import { OapiClient } from './oapi-client';
import { OpenApiClient } from './openapi-client';
import { RateLimiter } from './rate-limiter';
import { AccessTokenCache } from './token-cache';

const page = 'https://duban.example.gov.cn/#/matters/17?from=notice&tab=进展';

describe('builders', () => {
  it('wraps a mini-app URL so it opens in the PC side panel (docs/dingtalk.md §5.4)', () => {
    expect(dingtalkPageLink(page)).toBe(
      `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(page)}&pc_slide=true`,
    );
    expect(dingtalkPageLink(page, { pcSlide: false })).toMatch(/&pc_slide=false$/);
    expect(new URL(dingtalkPageLink(page)).searchParams.get('url')).toBe(page);
  });

  it('builds a work-notice action card with one button', () => {
    expect(
      workNoticeActionCard({ title: '到期提醒', markdown: '**明天**到期', buttonTitle: '去办理', url: page }),
    ).toEqual({
      msgtype: 'action_card',
      action_card: {
        title: '到期提醒',
        markdown: '**明天**到期',
        single_title: '去办理',
        single_url: dingtalkPageLink(page),
      },
    });
    expect(workNoticeMarkdown('t', 'x')).toEqual({ msgtype: 'markdown', markdown: { title: 't', text: 'x' } });
    expect(() => workNoticeMarkdown(' ', 'x')).toThrow(DingTalkError);
  });

  it('builds robot messages with msgParam as a JSON string', () => {
    const message = robotActionCard({ title: '超期', markdown: '已超期 2 个工作日', buttonTitle: '查看', url: page });
    expect(message.msgKey).toBe('sampleActionCard');
    expect(JSON.parse(message.msgParam)).toEqual({
      title: '超期',
      text: '已超期 2 个工作日',
      singleTitle: '查看',
      singleURL: dingtalkPageLink(page),
    });
  });

  it('signs group robot posts: base64 HmacSHA256 of "timestamp\\nsecret", URL-encoded once', () => {
    const secret = 'SECexample0000000000000000000000000000000000000000000000000000000';
    const timestamp = 1_715_300_000_000;
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(groupRobotSign(secret, timestamp)).toBe(expected);
    const url = new URL(groupRobotSendUrl('https://oapi.dingtalk.com', 'abc', secret, timestamp));
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(url.search).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(groupRobotSendUrl('https://oapi.dingtalk.com', 'abc', undefined, timestamp)).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc',
    );
  });
});

describe('MessageSender against the simulator', () => {
  let sim: Simulator;
  let sender: MessageSender;
  const secret = 'SECsimulatedGroupRobotSecret';

  beforeAll(async () => {
    sim = await startSimulator({
      org: SAMPLE_ORG,
      stream: { pingIntervalMs: 0 },
      groupRobots: [
        { accessToken: 'robot-signed', secret, name: '督查室工作群' },
        { accessToken: 'robot-keyword', keywords: ['督办'], name: '办公室群' },
      ],
    });
    const tokens = new AccessTokenCache({
      appKey: SIM_DEFAULTS.appKey,
      appSecret: SIM_DEFAULTS.appSecret,
      apiBase: sim.apiBase,
    });
    sender = new MessageSender({
      oapi: new OapiClient({ tokens, oapiBase: sim.oapiBase }),
      openApi: new OpenApiClient({ tokens, apiBase: sim.apiBase }),
      agentId: SIM_DEFAULTS.agentId,
      robotCode: SIM_DEFAULTS.appKey,
      oapiBase: sim.oapiBase,
      groupRobotLimiter: new RateLimiter({ limit: 100, intervalMs: 60_000 }),
    });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('sends a work notice and a one-to-one robot message', async () => {
    const card = { title: '到期提醒', markdown: '「防汛工作部署」**明天**到期', buttonTitle: '去办理', url: page };
    const { taskId } = await sender.sendWorkNotice(['zonghe01'], workNoticeActionCard(card));
    await sender.sendRobotOneToOne(['zonghe01'], robotActionCard(card));
    const [notice, robot] = sim.messages({ userId: 'zonghe01' });
    expect(notice).toMatchObject({ kind: 'work_notice', taskId, agentId: SIM_DEFAULTS.agentId });
    expect(robot).toMatchObject({ kind: 'robot_oto', msgKey: 'sampleActionCard' });
  });

  it('posts to a signing group robot, which verifies the sign', async () => {
    await sender.sendGroupRobot(
      { accessToken: 'robot-signed', secret },
      groupRobotMarkdown('五月通报', '## 督查通报\n- 办结率 **96%**'),
    );
    expect(sim.messages({ kind: 'group_webhook' }).at(-1)).toMatchObject({
      robot: '督查室工作群',
      msgtype: 'markdown',
    });
    const wrong = await sender
      .sendGroupRobot({ accessToken: 'robot-signed', secret: 'SECwrong' }, groupRobotText('x'))
      .catch((err: unknown) => err);
    expect(wrong).toMatchObject({ code: 'api_error', errcode: 310000 });
    const unsigned = await sender
      .sendGroupRobot({ accessToken: 'robot-signed' }, groupRobotText('x'))
      .catch((err: unknown) => err);
    expect(unsigned).toMatchObject({ errcode: 310000 });
  });

  it('passes msgUuid through and honours keywords', async () => {
    await sender.sendGroupRobot(
      { accessToken: 'robot-keyword' },
      groupRobotText('督办提醒：三件事今天到期'),
      'outbox-41',
    );
    expect(sim.messages({ kind: 'group_webhook' }).at(-1)).toMatchObject({ body: { msgUuid: 'outbox-41' } });
    await expect(
      sender.sendGroupRobot(
        { accessToken: 'robot-keyword' },
        groupRobotActionCard({ title: '无关', markdown: '无关', buttonTitle: '看', url: page }),
      ),
    ).rejects.toMatchObject({ errcode: 310000 });
  });

  it('maps 410100 (more than 20 a minute) to a retryable api_throttled', async () => {
    const sentThisMinute = sim
      .messages({ kind: 'group_webhook' })
      .filter((m) => 'robot' in m && m.robot === '督查室工作群').length;
    for (let i = sentThisMinute; i < 20; i++) {
      await sender.sendGroupRobot({ accessToken: 'robot-signed', secret }, groupRobotText(`第${i + 1}条`));
    }
    const error = (await sender
      .sendGroupRobot({ accessToken: 'robot-signed', secret }, groupRobotText('第21条'))
      .catch((err: unknown) => err)) as DingTalkApiError;
    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).toMatchObject({ code: 'api_throttled', errcode: 410100, retryable: true });
  });

  it('by default waits rather than exceed 20 group-robot posts a minute', async () => {
    let now = 0;
    const waited: number[] = [];
    const limiter = new RateLimiter({
      limit: 20,
      intervalMs: 60_000,
      now: () => now,
      sleep: async (ms) => {
        waited.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 21; i++) await limiter.acquire('robot:x');
    expect(waited).toEqual([60_000]);
  });
});
