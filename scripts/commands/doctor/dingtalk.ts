/**
 * The checks that ask DingTalk: the credentials (a token), the server's clock against DingTalk's, each permission
 * Duban needs (permissions.ts), the Stream connection, and the custom group robots' webhooks and 加签 secrets.
 */
import WebSocket from 'ws';
import type { Config } from '../../../bot-server/config/config';
import { groupRobotSendUrl } from '../../../bot-server/dingtalk';
import { ACCESS_TOKEN_HEADER } from '../../../bot-server/dingtalk/constants';
import { groupRobotWebhook } from '../../../bot-server/reminders/settings';
import { PERMISSION_PROBES, type PermissionProbe, type ProbeCall } from './permissions';
import { type CheckResult, fail, info, pass, skip } from './report';

export interface DingTalkTarget {
  appKey: string;
  appSecret: string;
  agentId: string;
  apiBase: string;
  oapiBase: string;
}

const TIMEOUT_MS = 10_000;
/** Beyond this the robot signatures (±1 h, docs/dingtalk.md §5.1) and reminder times start to suffer. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const CONSOLE = '钉钉开发者后台（open-dev.dingtalk.com）';

type Json = Record<string, unknown>;

function asJson(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

interface Answer {
  status: number;
  body: Json;
  /** DingTalk's clock: the `Date` header, in ms (NaN when absent). */
  date: number;
}

/** One JSON call, any method; network failures throw. The body of a non-JSON answer reads as `{}`. */
async function callJson(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const parsed: unknown = await response.json().catch(() => ({}));
  return { status: response.status, body: asJson(parsed), date: Date.parse(response.headers.get('date') ?? '') };
}

function hostOf(url: string): string {
  return new URL(url).host;
}

/** The token (or why there is none), and the clock against the `Date` DingTalk answered with. */
export async function checkCredentials(
  target: DingTalkTarget,
  now: () => number,
): Promise<{ token?: string; checks: CheckResult[] }> {
  const title = '应用凭证（AppKey / AppSecret）';
  let answer: Answer;
  try {
    answer = await callJson(
      'POST',
      `${target.apiBase}/v1.0/oauth2/accessToken`,
      {},
      {
        appKey: target.appKey,
        appSecret: target.appSecret,
      },
    );
  } catch (err) {
    return {
      checks: [
        fail(
          'credentials',
          title,
          `无法连接 ${hostOf(target.apiBase)}（${err instanceof Error ? err.message : String(err)}）`,
          '确认服务器能访问外网 api.dingtalk.com:443 与 oapi.dingtalk.com:443（代理、防火墙）',
        ),
      ],
    };
  }
  const { status, body } = answer;
  const token = typeof body.accessToken === 'string' ? body.accessToken : undefined;
  if (status >= 400 || token === undefined) {
    return {
      checks: [
        fail(
          'credentials',
          title,
          `钉钉拒绝了凭证（HTTP ${status} ${String(body.code ?? '')} ${String(body.message ?? '')}）`.trim(),
          `在${CONSOLE}「应用开发 → 企业内部应用 → 本应用 → 凭证与基础信息」复制 AppKey（Client ID）和 AppSecret（Client Secret），填入 .env 的 DINGTALK_APP_KEY、DINGTALK_APP_SECRET`,
        ),
      ],
    };
  }
  return { token, checks: [pass('credentials', title, '有效，已取得 access_token'), clockCheck(answer.date, now())] };
}

function clockCheck(dingtalkTime: number, ourTime: number): CheckResult {
  const title = '服务器时钟';
  if (Number.isNaN(dingtalkTime)) return pass('clock', title, '钉钉的应答未带时间，无法比对（不影响使用）');
  const skewMs = ourTime - dingtalkTime;
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  const detail = `与钉钉服务器相差 ${seconds} 秒${seconds === 0 ? '' : skewMs > 0 ? '（本机快）' : '（本机慢）'}`;
  if (Math.abs(skewMs) <= MAX_CLOCK_SKEW_MS) return pass('clock', title, detail);
  return fail(
    'clock',
    title,
    detail,
    '开启时间同步（如 systemctl enable --now systemd-timesyncd 或 chronyd）；时钟偏差会使群机器人加签失效、提醒时间不准',
  );
}

type Verdict = { kind: 'granted' } | { kind: 'missing'; scopes: string[] } | { kind: 'error'; detail: string };

/** `{requiredScopes=[a, b]}` inside an old-style sub-message. */
function scopesInText(text: string): string[] {
  const list = /requiredScopes=\[([^\]]*)\]/.exec(text)?.[1] ?? '';
  return list
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
}

/** Old style: errcode 88 wraps the cause in `sub_code` (docs/dingtalk.md §8.4); 60011 is the missing permission. */
function oapiVerdict(body: Json): Verdict {
  const errcode = Number(body.errcode);
  if (errcode === 0) return { kind: 'granted' };
  const text = `${String(body.errmsg ?? '')} ${String(body.sub_msg ?? '')}`;
  const subCode = body.sub_code ?? /subcode=(-?\d+)/.exec(text)?.[1];
  const effective = errcode === 88 && subCode !== undefined ? Number(subCode) : errcode;
  if (effective === 60011) return { kind: 'missing', scopes: scopesInText(text) };
  if ([40014, 42001, 40001, 60020, 90018, 90002, 90005, 90006, -1].includes(effective)) {
    return {
      kind: 'error',
      detail: `钉钉答复 errcode ${errcode}${subCode === undefined ? '' : `/${subCode}`}：${text.trim()}`,
    };
  }
  // Any other refusal comes after the permission check: the arguments named nothing that exists.
  return { kind: 'granted' };
}

/** New style: 403 `Forbidden.AccessDenied.AccessTokenPermissionDenied` with `accessdenieddetail.requiredScopes`. */
function openApiVerdict(status: number, body: Json): Verdict {
  const code = String(body.code ?? '');
  if (code === 'Forbidden.AccessDenied.AccessTokenPermissionDenied') {
    const scopes = asJson(body.accessdenieddetail).requiredScopes;
    return { kind: 'missing', scopes: Array.isArray(scopes) ? scopes.map(String) : [] };
  }
  if (status < 400) return { kind: 'granted' };
  if (status >= 500 || code.startsWith('Forbidden.') || code === 'InvalidAuthentication') {
    return { kind: 'error', detail: `钉钉答复 HTTP ${status} ${code}：${String(body.message ?? '')}` };
  }
  return { kind: 'granted' };
}

/** DingTalk's per-second limit per app and API (docs/dingtalk.md §8.2), in either style. */
const THROTTLED = /errcode 90018|QpsLimitFor/;
/** Tries of a throttled probe, a little over a second apart: the limit counts per second. */
const PROBE_TRIES = 3;
const THROTTLE_PAUSE_MS = 1100;

async function probeOnce(target: DingTalkTarget, token: string, call: ProbeCall): Promise<Verdict> {
  if (call.style === 'oapi') {
    const url = `${target.oapiBase}${call.path}?access_token=${encodeURIComponent(token)}`;
    return oapiVerdict((await callJson('POST', url, {}, call.body)).body);
  }
  const answer = await callJson(
    call.method,
    `${target.apiBase}${call.path}`,
    { [ACCESS_TOKEN_HEADER]: token },
    call.body,
  );
  return openApiVerdict(answer.status, answer.body);
}

/** A probe, asked again in the next second while DingTalk throttles it (another process may share the app's quota). */
async function probe(target: DingTalkTarget, token: string, call: ProbeCall): Promise<Verdict> {
  for (let attempt = 1; ; attempt++) {
    const verdict = await probeOnce(target, token, call);
    if (verdict.kind !== 'error' || !THROTTLED.test(verdict.detail) || attempt >= PROBE_TRIES) return verdict;
    await new Promise((resolve) => setTimeout(resolve, THROTTLE_PAUSE_MS));
  }
}

function permissionTitle(p: PermissionProbe): string {
  return `权限 ${p.name}（${p.scope}）`;
}

/** One line per permission the site needs; without a token, each is skipped. */
export async function checkPermissions(
  target: DingTalkTarget,
  token: string | undefined,
  config: Pick<Config, 'todoKinds'>,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const permission of PERMISSION_PROBES) {
    const id = `permission:${permission.scope}`;
    const title = permissionTitle(permission);
    const notNeeded = permission.notNeeded?.(config);
    if (notNeeded !== undefined) {
      results.push(info(id, title, `未检查：${notNeeded}`));
      continue;
    }
    if (token === undefined) {
      results.push(skip(id, title, '未检查：没有有效的 access_token', '先解决「应用凭证」一项'));
      continue;
    }
    let verdict: Verdict;
    try {
      verdict = await probe(target, token, permission.call(target));
    } catch (err) {
      verdict = { kind: 'error', detail: err instanceof Error ? err.message : String(err) };
    }
    if (verdict.kind === 'granted') results.push(pass(id, title, `已开通（${permission.use}）`));
    else if (verdict.kind === 'missing') {
      const scopes = verdict.scopes.length > 0 ? verdict.scopes.join('、') : permission.scope;
      results.push(
        fail(
          id,
          title,
          `未开通，钉钉要求 ${scopes}（用于${permission.use}）`,
          `在${CONSOLE}「本应用 → 权限管理」搜索 ${scopes}，点「申请权限」，再到「版本管理与发布」发布新版本`,
        ),
      );
    } else {
      results.push(
        fail(
          id,
          title,
          `无法判断：${verdict.detail}`,
          '稍后重试；若一直如此，按钉钉答复中的错误码处理（如 60020：服务器出口 IP 未加入白名单）',
        ),
      );
    }
  }
  return results;
}

/**
 * Stream mode: a ticket from `connections/open` and a WebSocket that opens (docs/dingtalk.md §3.1). The probe
 * subscribes to a callback topic Duban does not use, so no event meant for the running server comes to it.
 */
export async function checkStream(target: DingTalkTarget): Promise<CheckResult> {
  const title = '事件推送（Stream 模式）';
  const fix = `确认 AppKey/AppSecret 正确，且服务器能访问 ${hostOf(target.apiBase)}:443 与 wss-open-connection.dingtalk.com:443`;
  try {
    const { status, body } = await callJson(
      'POST',
      `${target.apiBase}/v1.0/gateway/connections/open`,
      {},
      {
        clientId: target.appKey,
        clientSecret: target.appSecret,
        subscriptions: [{ type: 'CALLBACK', topic: '/v1.0/graph/api/invoke' }],
        ua: 'duban-doctor/1.0',
      },
    );
    if (status >= 400 || typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') {
      return fail('event-mode', title, `钉钉拒绝建立连接（HTTP ${status} ${String(body.code ?? '')}）`, fix);
    }
    const url = new URL(body.endpoint);
    url.searchParams.set('ticket', body.ticket);
    await openAndClose(url);
    return pass('event-mode', title, '已连上钉钉 Stream 网关（无需公网地址）');
  } catch (err) {
    return fail('event-mode', title, `连接失败：${err instanceof Error ? err.message : String(err)}`, fix);
  }
}

function openAndClose(url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: TIMEOUT_MS });
    ws.once('open', () => {
      ws.close(1000);
      resolve();
    });
    ws.once('error', reject);
    ws.once('unexpected-response', (_request, response) => {
      ws.terminate();
      reject(new Error(`WebSocket 握手被拒绝（HTTP ${response.statusCode}）`));
    });
  });
}

/**
 * A custom group robot (docs/dingtalk.md §5.1): a signed post whose `msgtype` no robot accepts, so nothing appears
 * in the group. A valid token and 加签 then get 400105 (unsupported type); a wrong token 400101; a wrong secret
 * 310000. That DingTalk checks the token and the signature before the type is not documented (docs/setup.md §8).
 */
export async function checkRobot(
  name: string,
  robot: { webhook: string; secret?: string },
  oapiBase: string,
  now: () => number,
  where = `DINGTALK_GROUP_ROBOTS 中 "${name}"`,
): Promise<CheckResult> {
  const id = `robot:${name}`;
  const title = `群机器人 ${name}`;
  let url: string;
  try {
    const webhook = groupRobotWebhook(robot);
    url = groupRobotSendUrl(oapiBase, webhook.accessToken, webhook.secret, now());
  } catch (err) {
    return fail(
      id,
      title,
      `webhook 无法解析：${(err as Error).message}`,
      `${where} 的 webhook 填机器人设置里复制的完整地址`,
    );
  }
  let body: Json;
  try {
    body = (await callJson('POST', url, {}, { msgtype: 'duban_doctor_probe' })).body;
  } catch (err) {
    return fail(id, title, `无法连接：${(err as Error).message}`, `确认服务器能访问 ${hostOf(oapiBase)}:443`);
  }
  const errcode = Number(body.errcode);
  const errmsg = String(body.errmsg ?? '');
  if (errcode === 400105 || errcode === 0) {
    return pass(
      id,
      title,
      robot.secret ? 'webhook 与加签密钥有效（检查未发出任何消息）' : 'webhook 有效（未配置加签；检查未发出任何消息）',
    );
  }
  if (errcode === 400101) {
    return fail(
      id,
      title,
      'webhook 的 access_token 不存在（机器人已删除或地址抄错）',
      `在群设置 → 机器人 → 本机器人 复制 Webhook，填入 ${where} 的 webhook`,
    );
  }
  if (errcode === 310000) {
    return fail(
      id,
      title,
      `安全设置校验未通过（errcode 310000：${errmsg}）`,
      `机器人安全设置选「加签」，把以 SEC 开头的密钥原样填入 ${where} 的 secret；若同时设了关键词或 IP 段，须包含督办的消息与服务器出口 IP`,
    );
  }
  return fail(
    id,
    title,
    `钉钉答复 errcode ${errcode}：${errmsg}`,
    '按错误码处理（400102：机器人已停用；410100：发送过快，10 分钟后再试）',
  );
}
