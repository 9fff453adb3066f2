/** What a started simulator offers and how to start one: the in-process API of `startSimulator`. */
import type { Logger } from '../../bot-server/dingtalk/logger';
import type { DeliveryRecord, EventInput, EventMode, HeldEvent } from './event-dispatch';
import type { OrgSeed } from './org';
import type { FaultKind, SimGroupRobot, SimMessage, SimulatorState } from './state';
import type { StreamGateway } from './stream-gateway';

export interface SimulatorOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  corpId?: string;
  appKey?: string;
  appSecret?: string;
  agentId?: number;
  /** Default: the AppKey, as for an internal app's robot. */
  robotCode?: string;
  /** The organisation to pretend to be: the caller's (the demo passes its own, tests theirs). */
  org: OrgSeed;
  groupRobots?: SimGroupRobot[];
  /** How events reach the app; DingTalk lets an app pick one (docs/dingtalk.md §1). Default `stream`. */
  eventMode?: EventMode;
  callback?: {
    url?: string;
    token?: string;
    aesKey?: string;
    /** Delays before each retry of a failed push. Default [1000, 5000, 30000]. */
    retryDelaysMs?: number[];
    /** DingTalk waits about 1.5 s (docs/dingtalk.md §1.8). Default 1500. */
    timeoutMs?: number;
  };
  stream?: {
    pingIntervalMs?: number;
    ackTimeoutMs?: number;
    redeliveryDelayMs?: number;
    disconnectGraceMs?: number;
    ticketTtlMs?: number;
  };
  /** Default 7200 (docs/dingtalk.md §4.1). */
  tokenTtlSeconds?: number;
  /** Default 5 minutes (docs/dingtalk.md §6.2). */
  authCodeTtlMs?: number;
  /** Calls per second per API before throttling; default 20 (docs/dingtalk.md §8.2), 0 = unlimited. */
  qpsLimit?: number;
  now?: () => number;
  logger?: Logger;
}

export interface Simulator {
  /** Base URL of both API styles: `DINGTALK_API_BASE` and `DINGTALK_OAPI_BASE`. */
  url: string;
  apiBase: string;
  oapiBase: string;
  /** The Stream WebSocket endpoint `connections/open` hands out. */
  gatewayUrl: string;
  /** Values for `.env` to run Duban against this simulator. */
  settings: Record<string, string>;
  state: SimulatorState;
  gateway: StreamGateway;
  deliveries: DeliveryRecord[];
  eventMode: EventMode;
  /** Pushes an event over the current mode; resolves when acknowledged (or when HTTP retries ran out). */
  deliverEvent(input: EventInput): Promise<DeliveryRecord>;
  setEventMode(mode: EventMode, callbackUrl?: string): void;
  /** Sends `{"EventType":"check_url"}` to the callback URL; true when it answers the success map. */
  checkCallbackUrl(): Promise<boolean>;
  issueAuthCode(userId: string): string;
  expireTokens(): void;
  /** The next `times` calls to `path` fail with `kind`. */
  injectFault(path: string, kind: FaultKind, times?: number): void;
  messages(filter?: { kind?: SimMessage['kind']; userId?: string }): SimMessage[];
  /**
   * While on, the approval events the simulator emits are kept instead of pushed, as when DingTalk's pushes fail
   * and it keeps them to retry (for up to 7 days): a test then delivers them late, out of order, twice, or never.
   */
  holdEvents(on: boolean): void;
  /** The events kept so far, oldest first; they stay kept. */
  heldEvents(): HeldEvent[];
  /**
   * Pushes the kept events in the order they were emitted and forgets them; resolves when all are acknowledged
   * (the pushes start at once, in order, whether or not the caller waits).
   */
  releaseHeldEvents(): Promise<DeliveryRecord[]>;
  /** Forgets the kept events without pushing them (pushes DingTalk gave up on); returns how many there were. */
  dropHeldEvents(): number;
  /** Resolves when no event push is pending. */
  settled(): Promise<void>;
  close(): Promise<void>;
}
