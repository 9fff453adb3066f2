/** DingTalk's own names and addresses. Tests and the demo override the bases with the simulator's URL. */

/** New-style APIs (`/v1.0/...`, token in the `x-acs-dingtalk-access-token` header) (docs/dingtalk.md §4.1). */
export const DINGTALK_API_BASE = 'https://api.dingtalk.com';
/** Old-style APIs (`/topapi/...`, `/gettoken`, `/robot/send`, token in `?access_token=`) (docs/dingtalk.md §4.1). */
export const DINGTALK_OAPI_BASE = 'https://oapi.dingtalk.com';

/** Where DingTalk POSTs HTTP event pushes to us (DESIGN.md "HTTP"). */
export const CALLBACK_PATH = '/dingtalk/callback';

/** Stream topics (docs/dingtalk.md §3.1; dingtalk-stream-sdk-nodejs src/constants.ts `TOPIC_ROBOT`, `TOPIC_CARD`). */
export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
export const TOPIC_CARD = '/v1.0/card/instances/callback';
/** The only EVENT topic a client may subscribe to: all events ticked in the console (docs/dingtalk.md §3.1). */
export const TOPIC_ALL_EVENTS = '*';

/** The new-style API access-token header (docs/dingtalk.md §4.1). */
export const ACCESS_TOKEN_HEADER = 'x-acs-dingtalk-access-token';
