/** Messages: work notices (docs/dingtalk.md §5.3), the custom group robot (§5.1), the enterprise robot (§5.2). */
import type Router from '@koa/router';
import { OapiFailure, oapiOk, openApiOk } from './envelopes';
import { type Body, body, csv, num, queryString } from './request';
import { oapiGuard, openApiGuard } from './routes-auth';
import type { SimulatorState } from './state';

export function messageRoutes(router: Router, state: SimulatorState): void {
  const oapiAuth = oapiGuard(state);
  const openApiAuth = openApiGuard(state);

  // ---- work notices (docs/dingtalk.md §5.3) ----

  router.post('/topapi/message/corpconversation/asyncsend_v2', oapiAuth, (ctx) => {
    const b = body(ctx);
    let msg = b.msg;
    if (typeof msg === 'string') {
      try {
        msg = JSON.parse(msg);
      } catch {
        throw new OapiFailure(40035, '参数非法: msg');
      }
    }
    if (msg === null || typeof msg !== 'object') throw new OapiFailure(40035, '缺少参数 msg');
    const taskId = state.sendWorkNotice({
      agentId: num(b.agent_id),
      userIds: csv(b.userid_list),
      deptIds: csv(b.dept_id_list).map(Number),
      toAllUser: b.to_all_user === true || b.to_all_user === 'true',
      msg: msg as Record<string, unknown>,
    });
    oapiOk(ctx, { task_id: taskId });
  });

  router.post('/topapi/message/corpconversation/getsendresult', oapiAuth, (ctx) => {
    const b = body(ctx);
    oapiOk(ctx, { send_result: state.workNoticeResult(num(b.agent_id), num(b.task_id)) });
  });

  router.post('/topapi/message/corpconversation/getsendprogress', oapiAuth, (ctx) => {
    const b = body(ctx);
    oapiOk(ctx, { progress: state.workNoticeProgress(num(b.agent_id), num(b.task_id)) });
  });

  // ---- custom group robot webhook (docs/dingtalk.md §5.1): authenticated by its own access_token + sign ----

  router.post('/robot/send', (ctx) => {
    state.groupWebhook(
      {
        accessToken: queryString(ctx, 'access_token'),
        timestamp: queryString(ctx, 'timestamp'),
        sign: queryString(ctx, 'sign'),
      },
      body(ctx),
    );
    ctx.body = { errcode: 0, errmsg: 'ok' };
  });

  // ---- enterprise robot (docs/dingtalk.md §5.2) ----

  // What every robot send carries: the robot, the message template and its parameters.
  const robotMessage = (b: Body) => ({
    robotCode: String(b.robotCode ?? ''),
    msgKey: String(b.msgKey ?? ''),
    msgParam: String(b.msgParam ?? ''),
  });

  router.post('/v1.0/robot/oToMessages/batchSend', openApiAuth, (ctx) => {
    const b = body(ctx);
    const userIds = Array.isArray(b.userIds) ? b.userIds.map(String) : [];
    openApiOk(ctx, state.robotOneToOne({ ...robotMessage(b), userIds }));
  });

  router.post('/v1.0/robot/groupMessages/send', openApiAuth, (ctx) => {
    const b = body(ctx);
    openApiOk(ctx, state.robotGroup({ ...robotMessage(b), openConversationId: String(b.openConversationId ?? '') }));
  });
}
