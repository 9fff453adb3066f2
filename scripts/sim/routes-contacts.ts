/** Identity and contacts (docs/dingtalk.md §6). */
import type Router from '@koa/router';
import { OapiFailure, oapiOk } from './envelopes';
import { body, num } from './request';
import { oapiGuard } from './routes-auth';
import type { SimulatorState } from './state';

export function contactRoutes(router: Router, state: SimulatorState): void {
  const oapiAuth = oapiGuard(state);

  router.post('/topapi/v2/user/getuserinfo', oapiAuth, (ctx) => {
    const code = body(ctx).code;
    if (typeof code !== 'string' || code === '') throw new OapiFailure(40035, '缺少参数 code');
    const user = state.redeemAuthCode(code);
    const sysLevel = user.boss ? 100 : user.admin ? 1 : 0;
    oapiOk(ctx, {
      result: {
        userid: user.userid,
        unionid: user.unionid,
        name: user.name,
        associated_unionid: '',
        device_id: `device-${user.userid}`,
        sys: sysLevel > 0,
        sys_level: sysLevel,
      },
    });
  });

  router.post('/topapi/v2/user/get', oapiAuth, (ctx) => {
    const userId = body(ctx).userid;
    if (typeof userId !== 'string' || userId === '') throw new OapiFailure(40035, '缺少参数 userid');
    oapiOk(ctx, { result: state.userDetail(userId) });
  });

  router.post('/topapi/v2/department/listsub', oapiAuth, (ctx) => {
    oapiOk(ctx, { result: state.subDepartments(num(body(ctx).dept_id, 1)) });
  });

  router.post('/topapi/v2/department/get', oapiAuth, (ctx) => {
    oapiOk(ctx, { result: state.department(num(body(ctx).dept_id)) });
  });

  router.post('/topapi/v2/user/list', oapiAuth, (ctx) => {
    const b = body(ctx);
    oapiOk(ctx, { result: state.departmentUsers(num(b.dept_id), num(b.cursor, 0), num(b.size)) });
  });

  router.get('/get_jsapi_ticket', oapiAuth, (ctx) => {
    const { ticket, expiresIn } = state.jsapiTicket();
    oapiOk(ctx, { ticket, expires_in: expiresIn });
  });
}
