/**
 * The metrics of the process, kept in one registry for its lifetime: Node's own (prom-client's default metrics),
 * every DingTalk call and every message sent. They count what the observers of `dingtalk/api-call.ts` and
 * `reminders/deliveries.ts` report, and those observe the whole process, so the registry is made once.
 */
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import { observeApiCalls } from '../dingtalk/api-call';
import { observeSentMessages } from '../reminders/deliveries';

let shared: Registry | undefined;

export function processRegistry(): Registry {
  if (shared) return shared;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const calls = counter(
    'duban_dingtalk_api_calls_total',
    'DingTalk API attempts by API (its path template) and outcome: ok, throttled (DingTalk said too fast), error.',
    ['api', 'outcome'],
  );
  const waits = counter(
    'duban_dingtalk_throttle_waits_total',
    'DingTalk calls held back: by our own rate limiter (rate_limit) or before retrying a throttled or busy API (backoff).',
    ['api', 'reason'],
  );
  const waited = counter(
    'duban_dingtalk_throttle_wait_seconds_total',
    'Time DingTalk calls were held back, by the same labels as duban_dingtalk_throttle_waits_total.',
    ['api', 'reason'],
  );
  const sent = counter(
    'duban_reminders_sent_total',
    'Outbox messages DingTalk accepted, by kind (warning, due, overdue, escalation, digest, urge, bulletin…) and channel.',
    ['kind', 'channel'],
  );
  observeApiCalls({
    attempt: (api, outcome) => calls.inc({ api, outcome }),
    waited: (api, reason, ms) => {
      waits.inc({ api, reason });
      waited.inc({ api, reason }, ms / 1000);
    },
  });
  observeSentMessages(({ kind, channel }) => sent.inc({ kind, channel }));
  shared = registry;
  return registry;
}
