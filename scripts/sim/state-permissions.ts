/**
 * The permissions (权限点, "scopes") of the simulated app: which one each API needs, which ones the app lacks, and
 * DingTalk's refusal when a call needs one it lacks. Every permission is granted until a test or a person says
 * otherwise (`PUT /__sim/permissions {"missing": [...]}`).
 *
 * The scope of each API is the one its page on open.dingtalk.com names (docs/setup.md §3 lists the pages). The
 * refusals are DingTalk's own:
 * - old style (`oapi`): HTTP 200, errcode 88 wrapping sub-code 60011, e.g. `{"errcode":88,"errmsg":"ding talk
 *   error[subcode=60011,submsg=应用尚未开通所需的权限：[qyapi_get_department_list]，点击链接申请并开通即可：
 *   https://open-dev.dingtalk.com/appscope/apply?content=<AppKey>%23qyapi_get_department_list,
 *   {requiredScopes=[qyapi_get_department_list]}]"}` (answers logged from the real server in public repositories;
 *   `sub_code`/`sub_msg` as for every errcode 88, docs/dingtalk.md §8.4);
 * - new style (`/v1.0`): HTTP 403 `{"code":"Forbidden.AccessDenied.AccessTokenPermissionDenied","message":"没有调用
 *   该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission",
 *   "accessdenieddetail":{"requiredScopes":[…]}}` (open-dingtalk/developerpedia, "“接口调用没有权限” 问题最佳实践").
 * DingTalk checks the token before the permission: a call with a bad token gets the token's refusal.
 */
import type { Context, Middleware, Next } from 'koa';
import { ACCESS_TOKEN_HEADER } from '../../bot-server/dingtalk/constants';
import { OapiFailure, requestId } from './envelopes';
import { body, queryString } from './request';
import type { SimulatorState } from './state';

/** One API (method and path pattern) and the permission it needs. */
export interface ApiScope {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: RegExp;
  scope: string;
}

export const API_SCOPES: readonly ApiScope[] = [
  // 通讯录 (contacts): user-management-acquires-the-list-departments, query-department-details0-v2.
  { method: 'POST', path: /^\/topapi\/v2\/department\/(listsub|get)$/, scope: 'qyapi_get_department_list' },
  // queries-the-complete-information-of-a-department-user.
  { method: 'POST', path: /^\/topapi\/v2\/user\/list$/, scope: 'qyapi_get_department_member' },
  // query-user-details.
  { method: 'POST', path: /^\/topapi\/v2\/user\/get$/, scope: 'qyapi_get_member' },
  // Free-login, work notices and their progress: the basic permission every internal app holds.
  { method: 'POST', path: /^\/topapi\/v2\/user\/getuserinfo$/, scope: 'qyapi_base' },
  { method: 'POST', path: /^\/topapi\/message\/corpconversation\//, scope: 'qyapi_base' },
  // The enterprise robot: chatbots-send-one-on-one-chat-messages-in-batches, the-robot-sends-a-group-message.
  {
    method: 'POST',
    path: /^\/v1\.0\/robot\/(oToMessages\/batchSend|groupMessages\/send)$/,
    scope: 'qyapi_robot_sendmsg',
  },
  // Approvals: obtains-the-details-of-a-single-approval-instance-pop, the instance id list, approve-or-reject.
  { method: 'GET', path: /^\/v1\.0\/workflow\/processInstances$/, scope: 'Workflow.Instance.Read' },
  { method: 'POST', path: /^\/v1\.0\/workflow\/processes\/instanceIds\/query$/, scope: 'Workflow.Instance.Read' },
  {
    method: 'POST',
    path: /^\/v1\.0\/workflow\/processInstances(\/execute|\/terminate)?$/,
    scope: 'Workflow.Instance.Write',
  },
  // A form's predicted nodes: approval-process-prediction (工作流实例写权限, as its page says).
  { method: 'POST', path: /^\/v1\.0\/workflow\/processes\/forecast$/, scope: 'Workflow.Instance.Write' },
  // The corp's approval forms: obtains-a-list-of-approval-forms-visible-to-the-specified (工作流模板读权限).
  {
    method: 'GET',
    path: /^\/v1\.0\/workflow\/processes\/userVisibilities\/templates$/,
    scope: 'Workflow.Form.Read',
  },
  // Calendar: one event (GetEvent).
  {
    method: 'GET',
    path: /^\/v1\.0\/calendar\/users\/[^/]+\/calendars\/[^/]+\/events\/[^/]+$/,
    scope: 'Calendar.Event.Read',
  },
  // 待办: reading tasks (one, by source id, a list); creating and changing one (create-a-to-do-task and siblings).
  { method: 'GET', path: /^\/v1\.0\/todo\/users\/[^/]+\/(org\/)?tasks/, scope: 'Todo.Todo.Read' },
  { method: 'POST', path: /^\/v1\.0\/todo\/users\/[^/]+\/(org\/)?tasks\/list$/, scope: 'Todo.Todo.Read' },
  { method: 'POST', path: /^\/v1\.0\/todo\/users\/[^/]+\/(org\/)?tasks/, scope: 'Todo.Todo.Write' },
  { method: 'PUT', path: /^\/v1\.0\/todo\/users\/[^/]+\/(org\/)?tasks/, scope: 'Todo.Todo.Write' },
  { method: 'DELETE', path: /^\/v1\.0\/todo\/users\/[^/]+\/(org\/)?tasks/, scope: 'Todo.Todo.Write' },
];

/** The permissions the simulated app lacks. */
export class Permissions {
  private missing = new Set<string>();

  setMissing(scopes: string[]): void {
    this.missing = new Set(scopes);
  }

  listMissing(): string[] {
    return [...this.missing].sort();
  }

  /** The permission a call needs and the app lacks, if any. */
  lacking(method: string, path: string): string | undefined {
    const needed = API_SCOPES.find((api) => api.method === method && api.path.test(path))?.scope;
    return needed !== undefined && this.missing.has(needed) ? needed : undefined;
  }
}

const stores = new WeakMap<SimulatorState, Permissions>();

/** The permissions of one simulated app (one per simulator state). */
export function permissionsOf(state: SimulatorState): Permissions {
  let permissions = stores.get(state);
  if (!permissions) {
    permissions = new Permissions();
    stores.set(state, permissions);
  }
  return permissions;
}

/** Where DingTalk sends an administrator to apply for a permission (the link in its sub-message). */
function applyUrl(appKey: string, scope: string): string {
  return `https://open-dev.dingtalk.com/appscope/apply?content=${appKey}%23${scope}`;
}

function oapiRefusal(appKey: string, scope: string): OapiFailure {
  const subMsg = `应用尚未开通所需的权限：[${scope}]，点击链接申请并开通即可：${applyUrl(appKey, scope)}, {requiredScopes=[${scope}]}`;
  return new OapiFailure(88, `ding talk error[subcode=60011,submsg=${subMsg}]`, { sub_code: '60011', sub_msg: subMsg });
}

function refuseOpenApi(ctx: Context, scope: string): void {
  ctx.status = 403;
  ctx.body = {
    code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
    message:
      '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission',
    requestid: requestId(),
    accessdenieddetail: { requiredScopes: [scope] },
  };
}

/** Refuses, with a valid token, a call whose permission the app lacks; everything else passes on. */
export function permissionGuard(state: SimulatorState): Middleware {
  return async (ctx: Context, next: Next) => {
    const scope = permissionsOf(state).lacking(ctx.method, ctx.path);
    if (scope === undefined) return next();
    const newStyle = ctx.path.startsWith('/v1.0/');
    const token = newStyle
      ? ctx.get(ACCESS_TOKEN_HEADER) || undefined
      : (queryString(ctx, 'access_token') ?? (body(ctx).access_token as string | undefined));
    if (!state.tokenValid(token)) return next();
    if (newStyle) return refuseOpenApi(ctx, scope);
    throw oapiRefusal(state.app.appKey, scope);
  };
}
