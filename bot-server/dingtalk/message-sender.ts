/**
 * The one place the reminders area sends through. Each method makes exactly one DingTalk send (no hidden
 * fan-out), so the caller's outbox row and idempotency key map to one DingTalk call.
 */
import { reportAttempt, reportWait } from './api-call';
import { oapiError } from './api-errors';
import { DINGTALK_OAPI_BASE } from './constants';
import { DingTalkApiError } from './errors';
import { type FetchLike, requestJson } from './http-json';
import { type GroupRobotMessage, groupRobotSendUrl } from './messages';
import type { OapiClient, WorkNoticeMessage, WorkNoticeSendResult } from './oapi-client';
import type { OpenApiClient, RobotMessage, RobotOneToOneResult } from './openapi-client';
import { RateLimiter } from './rate-limiter';

export interface GroupRobotWebhook {
  /** The `access_token` of the webhook URL. */
  accessToken: string;
  /** The 加签 secret (starts with `SEC`), when the robot uses signing. */
  secret?: string;
}

export interface MessageSenderOptions {
  oapi: OapiClient;
  openApi: OpenApiClient;
  /** `DINGTALK_AGENT_ID`: work notices are sent as this app. */
  agentId: number | string;
  /** The enterprise robot; for an internal app's robot this is the AppKey (docs/dingtalk.md §5.2). */
  robotCode: string;
  oapiBase?: string;
  /** Group robots: 20 messages per minute each (docs/dingtalk.md §5.1); default limiter enforces exactly that. */
  groupRobotLimiter?: RateLimiter;
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => number;
}

/** Group-robot errcodes worth telling apart (docs/dingtalk.md §5.1). */
const GROUP_ROBOT_TOO_FAST = 410100;

export class MessageSender {
  private readonly options: MessageSenderOptions;
  private readonly groupLimiter: RateLimiter;
  private readonly now: () => number;

  constructor(options: MessageSenderOptions) {
    this.options = options;
    this.groupLimiter = options.groupRobotLimiter ?? new RateLimiter({ limit: 20, intervalMs: 60_000 });
    this.now = options.now ?? Date.now;
  }

  /** A work notice to ≤100 users; the answer's `taskId` lets you read the delivery outcome later. */
  sendWorkNotice(userIds: string[], msg: WorkNoticeMessage): Promise<{ taskId: number; requestId?: string }> {
    return this.options.oapi.sendWorkNotice({ agentId: this.options.agentId, userIds, msg });
  }

  /** What became of a work notice (`getsendresult`, tasks of the last 24 h); DingTalk refuses a task it never took. */
  workNoticeSendResult(taskId: number): Promise<WorkNoticeSendResult> {
    return this.options.oapi.getWorkNoticeSendResult(this.options.agentId, taskId);
  }

  /** A one-to-one robot message to ≤20 users. */
  sendRobotOneToOne(userIds: string[], message: RobotMessage): Promise<RobotOneToOneResult> {
    return this.options.openApi.sendRobotOneToOne(this.options.robotCode, userIds, message);
  }

  /**
   * Posts to a custom group robot. `msgUuid` makes a retried post idempotent on DingTalk's side
   * (docs/dingtalk.md §5.1); pass the outbox row's idempotency key.
   */
  async sendGroupRobot(webhook: GroupRobotWebhook, message: GroupRobotMessage, msgUuid?: string): Promise<void> {
    const api = '/robot/send';
    reportWait(api, 'rate_limit', await this.groupLimiter.acquire(`robot:${webhook.accessToken}`));
    const url = groupRobotSendUrl(
      this.options.oapiBase ?? DINGTALK_OAPI_BASE,
      webhook.accessToken,
      webhook.secret,
      this.now(),
    );
    let error: DingTalkApiError | undefined;
    try {
      const response = await requestJson({
        method: 'POST',
        url,
        api,
        body: msgUuid === undefined ? message : { ...message, msgUuid },
        timeoutMs: this.options.timeoutMs ?? 10_000,
        fetch: this.options.fetch,
      });
      error = oapiError(api, response.status, response.body);
    } catch (err) {
      reportAttempt(api, err);
      throw err;
    }
    if (error?.errcode === GROUP_ROBOT_TOO_FAST) {
      // The robot is muted for 10 minutes: retryable, but by the outbox later, not here.
      error = new DingTalkApiError('api_throttled', error.message, {
        api,
        httpStatus: error.httpStatus,
        errcode: error.errcode,
        requestId: error.requestId,
        retryable: true,
      });
    }
    // Not through `callWithPolicy` (a webhook takes no access token), so it reports its attempts itself.
    reportAttempt(api, error);
    if (error) throw error;
  }
}
