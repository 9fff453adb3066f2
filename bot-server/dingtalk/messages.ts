/**
 * Message builders for the three ways Duban talks to people (docs/dingtalk.md §5): work notices (工作通知, oapi),
 * enterprise-robot messages (new API, `msgKey` + `msgParam`) and custom group-robot webhooks (自定义机器人).
 * Pure functions: no I/O, no clock unless passed in. The § numbers below are those of docs/dingtalk.md.
 */
import { createHmac } from 'node:crypto';
import { DingTalkError } from './errors';
import type { WorkNoticeMessage } from './oapi-client';
import type { RobotMessage } from './openapi-client';

/**
 * A link that opens `url` inside DingTalk: in the PC side panel when `pcSlide` (default), in the browser otherwise;
 * on mobile in the in-app web view (§5.4).
 */
export function dingtalkPageLink(url: string, options: { pcSlide?: boolean } = {}): string {
  return `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(url)}&pc_slide=${options.pcSlide ?? true}`;
}

export interface ActionCardInput {
  /** Notification title (list preview). */
  title: string;
  /** Markdown body. */
  markdown: string;
  /** Button text, e.g. 立即办理. */
  buttonTitle: string;
  /** The mini-app page to open (plain https URL; wrapped with `dingtalkPageLink`). */
  url: string;
  /** Open in the PC side panel (default) rather than the browser. */
  pcSlide?: boolean;
}

function requireText(value: string, field: string): string {
  if (value.trim().length === 0) throw new DingTalkError('message_invalid', `${field} must not be empty`);
  return value;
}

// ---- work notices: msg of /topapi/message/corpconversation/asyncsend_v2 (§5.3) ----

/** Work-notice action card with one button: `action_card{title, markdown, single_title, single_url}`. */
export function workNoticeActionCard(input: ActionCardInput): WorkNoticeMessage {
  return {
    msgtype: 'action_card',
    action_card: {
      title: requireText(input.title, 'title'),
      markdown: requireText(input.markdown, 'markdown'),
      single_title: requireText(input.buttonTitle, 'buttonTitle'),
      single_url: dingtalkPageLink(input.url, { pcSlide: input.pcSlide }),
    },
  };
}

export function workNoticeMarkdown(title: string, text: string): WorkNoticeMessage {
  return { msgtype: 'markdown', markdown: { title: requireText(title, 'title'), text: requireText(text, 'text') } };
}

export function workNoticeText(content: string): WorkNoticeMessage {
  return { msgtype: 'text', text: { content: requireText(content, 'content') } };
}

// ---- enterprise robot (1:1 batchSend / group send): msgKey + msgParam JSON string (§5.2) ----

/** `sampleActionCard {title, text, singleTitle, singleURL}`. */
export function robotActionCard(input: ActionCardInput): RobotMessage {
  return {
    msgKey: 'sampleActionCard',
    msgParam: JSON.stringify({
      title: requireText(input.title, 'title'),
      text: requireText(input.markdown, 'markdown'),
      singleTitle: requireText(input.buttonTitle, 'buttonTitle'),
      singleURL: dingtalkPageLink(input.url, { pcSlide: input.pcSlide }),
    }),
  };
}

export function robotMarkdown(title: string, text: string): RobotMessage {
  return {
    msgKey: 'sampleMarkdown',
    msgParam: JSON.stringify({ title: requireText(title, 'title'), text: requireText(text, 'text') }),
  };
}

export function robotText(content: string): RobotMessage {
  return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: requireText(content, 'content') }) };
}

// ---- custom group robot webhook: /robot/send (§5.1) ----

/** `at{atMobiles[], atUserIds[], isAtAll}`, at most 50 people. */
export interface GroupRobotAt {
  atUserIds?: string[];
  atMobiles?: string[];
  isAtAll?: boolean;
}

export type GroupRobotMessage =
  | { msgtype: 'text'; text: { content: string }; at?: GroupRobotAt }
  | { msgtype: 'markdown'; markdown: { title: string; text: string }; at?: GroupRobotAt }
  | {
      msgtype: 'actionCard';
      actionCard: { title: string; text: string; singleTitle: string; singleURL: string };
    };

export function groupRobotText(content: string, at?: GroupRobotAt): GroupRobotMessage {
  return { msgtype: 'text', text: { content: requireText(content, 'content') }, ...(at ? { at } : {}) };
}

export function groupRobotMarkdown(title: string, text: string, at?: GroupRobotAt): GroupRobotMessage {
  return {
    msgtype: 'markdown',
    markdown: { title: requireText(title, 'title'), text: requireText(text, 'text') },
    ...(at ? { at } : {}),
  };
}

export function groupRobotActionCard(input: ActionCardInput): GroupRobotMessage {
  return {
    msgtype: 'actionCard',
    actionCard: {
      title: requireText(input.title, 'title'),
      text: requireText(input.markdown, 'markdown'),
      singleTitle: requireText(input.buttonTitle, 'buttonTitle'),
      singleURL: dingtalkPageLink(input.url, { pcSlide: input.pcSlide }),
    },
  };
}

/**
 * 加签: base64(HmacSHA256(key = secret, timestamp + "\n" + secret)), not yet URL-encoded; `timestampMs` must be
 * within 1 h of DingTalk's clock (§5.1).
 */
export function groupRobotSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * `POST {oapiBase}/robot/send?access_token=…[&timestamp=…&sign=…]`. The sign is URL-encoded exactly once —
 * encoding it twice is the classic 310000 "sign not match" (§5.1, §9).
 */
export function groupRobotSendUrl(
  oapiBase: string,
  accessToken: string,
  secret: string | undefined,
  timestampMs: number,
): string {
  const base = `${oapiBase}/robot/send?access_token=${encodeURIComponent(accessToken)}`;
  if (secret === undefined) return base;
  return `${base}&timestamp=${timestampMs}&sign=${encodeURIComponent(groupRobotSign(secret, timestampMs))}`;
}
