/**
 * The meeting lifecycle and who may act in it: ONE table, `ACTIONS`, that the service reads for every command and
 * that README.md prints (permissions.test.ts checks every cell of 「Who may do what」 through the API). A new action is
 * one row here and one function (a `MeetingAct`, run by the service's one command helper: load and lock, who may, the
 * stage, act, outbox, audit).
 *
 * Stages are what the stored status means now:
 * - `dingtalk_draft` (待认领): a draft made in DingTalk (calendar event, video meeting) that 会务 have not adopted;
 * - `draft` (待发通知): made in Duban, or adopted;
 * - `notified` (已发通知): the notices are out and the start has not come;
 * - `held` (已召开): the start has come (the sweep records `held` in the row soon after; until then the stored
 *   status still says `notified`, and the meeting is held all the same);
 * - `cancelled` (已取消).
 *
 * Besides the actions below, Duban itself moves meetings: the sweep records `held`; a DingTalk calendar event moves a
 * notified meeting (改期, everyone attending is told) or cancels it through the `cancel` row (its stages apply).
 */
import type { Meeting } from '../../entities';
import { isAdopted } from './facts';

export const STAGES = ['dingtalk_draft', 'draft', 'notified', 'held', 'cancelled'] as const;
export type Stage = (typeof STAGES)[number];

/** The stages as README.md names them. */
export const STAGE_NAMES: ReadonlyMap<Stage, string> = new Map([
  ['dingtalk_draft', '待认领'],
  ['draft', '待发通知'],
  ['notified', '已发通知'],
  ['held', '已召开'],
  ['cancelled', '已取消'],
]);

/** What a person is to a meeting. `staff` is everyone signed in. */
export const STANDINGS = [
  'office',
  'supervision',
  'leader',
  'official_organiser',
  'organiser',
  'unit_head',
  'invitee',
  'staff',
] as const;
export type Standing = (typeof STANDINGS)[number];

/** yes; no; only on an adopted meeting; only on an adopted, ordinary meeting. */
export type Cell = 'yes' | 'no' | 'adopted' | 'ordinary';

export type Row = Readonly<Record<Standing, Cell>>;

const only = (cells: Partial<Record<Standing, Cell>>): Row => ({
  office: 'no',
  supervision: 'no',
  leader: 'no',
  official_organiser: 'no',
  organiser: 'no',
  unit_head: 'no',
  invitee: 'no',
  staff: 'no',
  ...cells,
});

/** Running the meeting: change the draft, send the notices, cancel, see and renew the room's sign-in code. */
const RUN: Row = only({ office: 'yes', official_organiser: 'adopted', organiser: 'ordinary' });

/** Where a refusal in the wrong stage comes from: one message, one per stage, or the meeting itself. */
type StageRefusal = string | Partial<Record<Stage, string>> | ((meeting: Meeting) => string);

export interface ActionRule {
  /** 办理: what the action is, as README.md names it. */
  title: string;
  /** Who may, per standing (a person may act when any of their standings allows it). */
  who: Row;
  /** The refusal (403) of whom `who` refuses. */
  refused: string;
  /** The stages it is taken in: `new` makes a meeting, `any` is every stage. */
  from: readonly Stage[] | 'new' | 'any';
  /** The stage it leads to; none: the stage stays. */
  to?: Stage;
  /** Taken again in the stage it leads to, it changes nothing and is not refused (cancelling twice). */
  repeatable?: true;
  /** The refusal (409 invalid_state) in any other stage. */
  wrongStage?: StageRefusal;
}

const NOT_NOTIFIED = '该会议尚未发出通知';
/** Receipts and the naming of attendees close when the meeting starts. */
const RECEIPTS_CLOSED: StageRefusal = {
  dingtalk_draft: NOT_NOTIFIED,
  draft: NOT_NOTIFIED,
  held: '会议已开始，不能再回执',
  cancelled: '该会议已取消',
};
const MANAGERS_ONLY = '只有会议组织者或会务人员可以操作';
const NOT_INVITED = '您不在本次会议的参会名单中';

export const ACTIONS = {
  view: {
    title: '查看会议',
    who: only({
      office: 'yes',
      supervision: 'yes',
      leader: 'yes',
      official_organiser: 'yes',
      organiser: 'yes',
      unit_head: 'yes',
      invitee: 'yes',
    }),
    refused: NOT_INVITED,
    from: 'any',
  },
  create: {
    title: '新建会议',
    who: only({ office: 'yes' }),
    refused: '只有会务人员可以组织会议',
    from: 'new',
    to: 'draft',
  },
  adopt: {
    title: '认领钉钉草稿',
    who: only({ office: 'yes' }),
    refused: '只有会务人员可以认领来自钉钉的会议',
    from: ['dingtalk_draft'],
    to: 'draft',
    wrongStage: (meeting) =>
      meeting.origin === 'duban'
        ? '该会议不是来自钉钉，无需认领'
        : isAdopted(meeting)
          ? '该会议已被认领'
          : '该会议已取消，不能认领',
  },
  set_organiser: {
    title: '指定或变更组织者',
    who: only({ office: 'yes' }),
    refused: '只有会务人员可以指定或变更会议组织者',
    from: ['dingtalk_draft', 'draft'],
    wrongStage: '会议通知已发出，不能再修改；如需调整请取消后重新通知',
  },
  edit: {
    title: '修改草稿',
    who: RUN,
    refused: MANAGERS_ONLY,
    from: ['dingtalk_draft', 'draft'],
    wrongStage: '会议通知已发出，不能再修改；如需调整请取消后重新通知',
  },
  notify: {
    title: '发出通知',
    who: RUN,
    refused: MANAGERS_ONLY,
    from: ['draft'],
    to: 'notified',
    wrongStage: {
      dingtalk_draft: '该会议来自钉钉，请先认领再发送通知',
      notified: '该会议的通知已发出',
      held: '该会议的通知已发出',
      cancelled: '该会议的通知已发出',
    },
  },
  cancel: {
    title: '取消会议',
    who: RUN,
    refused: MANAGERS_ONLY,
    from: ['dingtalk_draft', 'draft', 'notified'],
    to: 'cancelled',
    repeatable: true,
    wrongStage: '会议已召开，不能取消',
  },
  code: {
    title: '查看或重新生成签到码',
    who: RUN,
    refused: MANAGERS_ONLY,
    from: ['notified', 'held'],
    wrongStage: '会议尚未发出通知或已取消，没有签到码',
  },
  decide: {
    title: '登记议定事项（生成督办事项）',
    who: only({ office: 'yes', supervision: 'yes', official_organiser: 'yes' }),
    refused: '只有会务人员或督查室可以登记议定事项',
    from: ['notified', 'held'],
    wrongStage: '会议尚未召开，不能登记议定事项',
  },
  respond: {
    title: '回执（确认参会、请假、指派他人）',
    who: only({ invitee: 'yes' }),
    refused: NOT_INVITED,
    from: ['notified'],
    wrongStage: RECEIPTS_CLOSED,
  },
  sign_in: {
    title: '签到',
    who: only({ invitee: 'yes' }),
    refused: NOT_INVITED,
    from: ['notified', 'held'],
    wrongStage: { dingtalk_draft: NOT_NOTIFIED, draft: NOT_NOTIFIED, cancelled: '该会议已取消' },
  },
  nominate: {
    title: '确定单位参会人员（报名）',
    who: only({ office: 'yes', official_organiser: 'adopted', organiser: 'ordinary', unit_head: 'yes' }),
    refused: '只有该单位负责人可以确定参会人员',
    from: ['notified'],
    wrongStage: RECEIPTS_CLOSED,
  },
} as const satisfies Record<string, ActionRule>;

export type MeetingAction = keyof typeof ACTIONS;
export const MEETING_ACTIONS = Object.keys(ACTIONS) as MeetingAction[];

/** The rule of an action, typed as every rule is (the table itself keeps its literal types). */
export const ruleOf = (action: MeetingAction): ActionRule => ACTIONS[action];

/** The stage a meeting is in at `now` (see above: a notified meeting whose start has come is held). */
export function stageOf(meeting: Pick<Meeting, 'status' | 'startsAt' | 'origin' | 'external'>, now: Date): Stage {
  if (meeting.status === 'draft') return isAdopted(meeting) ? 'draft' : 'dingtalk_draft';
  if (meeting.status === 'notified') return meeting.startsAt <= now ? 'held' : 'notified';
  return meeting.status;
}

/** Whether the action is taken on the meeting at `now`: yes, or (a repeatable action taken again) `unchanged`. */
export type StageVerdict = { allowed: true; unchanged: boolean } | { allowed: false; message: string };

export function stageVerdict(action: MeetingAction, meeting: Meeting, now: Date): StageVerdict {
  const rule = ruleOf(action);
  if (rule.from === 'any' || rule.from === 'new') return { allowed: true, unchanged: false };
  const stage = stageOf(meeting, now);
  if (rule.from.includes(stage)) return { allowed: true, unchanged: false };
  if (rule.repeatable && rule.to === stage) return { allowed: true, unchanged: true };
  const refusal = rule.wrongStage ?? '';
  const message =
    typeof refusal === 'string' ? refusal : typeof refusal === 'function' ? refusal(meeting) : (refusal[stage] ?? '');
  return { allowed: false, message };
}
