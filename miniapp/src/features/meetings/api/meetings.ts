import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { namedSchema } from '@/lib/organisation';

const statuses = z.enum(['draft', 'notified', 'held', 'cancelled']);
export type MeetingStatus = z.infer<typeof statuses>;
const responses = z.enum(['pending', 'confirmed', 'leave', 'substitute']);
export type Response = z.infer<typeof responses>;

const attendeeSchema = z.object({
  id: z.number(),
  userId: z.string().nullable(),
  name: z.string().nullable(),
  departmentId: z.string().nullable(),
  unitName: z.string().nullable(),
  response: responses,
  responseName: z.string(),
  leaveReason: z.string().nullable(),
  substitute: namedSchema.nullable(),
  substituteForId: z.number().nullable(),
  readAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  signedInAt: z.string().nullable(),
  late: z.boolean().nullable(),
});
export type Attendee = z.infer<typeof attendeeSchema>;

const summarySchema = z.object({
  id: z.number(),
  type: z.string(),
  typeName: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  place: z.string().nullable(),
  status: statuses,
  statusName: z.string(),
  origin: z.string(),
  confirmBy: z.string().nullable(),
  organiser: namedSchema.nullable(),
  /** 主持人, when known. */
  presider: namedSchema.nullable(),
  /** Made in Duban, or adopted (认领) by 会务 from DingTalk: only then may its organiser run it. */
  adopted: z.boolean(),
  counts: z.object({
    invited: z.number(),
    confirmed: z.number(),
    leave: z.number(),
    substitute: z.number(),
    pending: z.number(),
    signedIn: z.number(),
  }),
  /** The user's own invitation(s): their row, or unit rows they name attendees for. */
  mine: z.array(attendeeSchema),
});
export type MeetingSummary = z.infer<typeof summarySchema>;

const detailSchema = summarySchema.extend({
  agenda: z.string().nullable(),
  notifiedAt: z.string().nullable(),
  signInCode: z.string().nullable(),
  /** For those who run the meeting: code sign-in stopped after too many wrong codes (renew the code). */
  signInLocked: z.boolean().nullable(),
  signInWindow: z.object({ opensAt: z.string(), closesAt: z.string() }),
  attendees: z.array(attendeeSchema),
  /** The invited units the user heads, with whom each has named (报名), to change until the start. */
  units: z.array(
    z.object({
      attendeeId: z.number(),
      departmentId: z.string(),
      unitName: z.string().nullable(),
      named: z.array(attendeeSchema),
    }),
  ),
  decisions: z.array(
    z.object({
      id: z.number(),
      content: z.string(),
      leadDepartmentId: z.string().nullable(),
      leadDepartmentName: z.string().nullable(),
      dueDate: z.string().nullable(),
      matterId: z.number().nullable(),
      matterNumber: z.string().nullable(),
      matterStatus: z.string().nullable(),
    }),
  ),
  canManage: z.boolean(),
  /** What the user may do with the meeting (the server's permission table), for the buttons shown. */
  can: z.object({
    adopt: z.boolean(),
    edit: z.boolean(),
    notify: z.boolean(),
    cancel: z.boolean(),
    code: z.boolean(),
    decide: z.boolean(),
  }),
});
export type MeetingDetail = z.infer<typeof detailSchema>;
export type UnitNomination = MeetingDetail['units'][number];

const one = z.object({ meeting: detailSchema });
const typesSchema = z.object({
  types: z.array(z.object({ code: z.string(), name: z.string(), active: z.boolean(), official: z.boolean() })),
});

export interface MeetingQuery {
  mine?: boolean;
  status?: MeetingStatus;
  type?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export const listMeetings = ({ mine, ...query }: MeetingQuery, signal?: AbortSignal) =>
  apiRequest('/meetings', z.object({ meetings: z.array(summarySchema) }), {
    query: { ...query, mine: mine ? 1 : undefined },
    signal,
  }).then((r) => r.meetings);

export const getMeeting = (id: number, signal?: AbortSignal) =>
  apiRequest(`/meetings/${id}`, one, { signal }).then((r) => r.meeting);

/** The meeting a bot message's link names by the recipient's attendee row. */
export const getMeetingOfAttendee = (attendeeId: number, signal?: AbortSignal) =>
  apiRequest(`/meetings/attendee/${attendeeId}`, one, { signal }).then((r) => r.meeting);

export const getMeetingTypes = (signal?: AbortSignal) =>
  apiRequest('/meetings/types', typesSchema, { signal }).then((r) => r.types.filter((t) => t.active));

export interface MeetingInput {
  type: string;
  title: string;
  /** ISO instants with +08:00. */
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  agenda: string | null;
  confirmBy: string | null;
  attendeeUserIds: string[];
  attendeeDepartmentIds: string[];
  presiderUserId: string | null;
}

export const createMeeting = (input: MeetingInput) =>
  apiRequest('/meetings', one, { method: 'POST', body: input }).then((r) => r.meeting);
export const updateMeeting = (id: number, input: MeetingInput) =>
  apiRequest(`/meetings/${id}`, one, { method: 'PUT', body: input }).then((r) => r.meeting);

const post = (path: string, body: unknown) =>
  apiRequest(`/meetings${path}`, one, { method: 'POST', body }).then((r) => r.meeting);

/** 认领: 会务 take a draft from DingTalk as the office's meeting. */
export const adoptMeeting = (id: number) => post(`/${id}/adopt`, {});
export const notifyMeeting = (id: number) => post(`/${id}/notify`, {});
export const cancelMeeting = (id: number, reason: string) => post(`/${id}/cancel`, { reason });
export const confirmAttendance = (id: number) => post(`/${id}/receipt`, { response: 'confirmed' });
export const askLeave = (id: number, reason: string) => post(`/${id}/receipt`, { response: 'leave', reason });
export const sendSubstitute = (id: number, substituteUserId: string, reason: string | null) =>
  post(`/${id}/receipt`, { response: 'substitute', substituteUserId, reason });
export const nominateAttendees = (id: number, attendeeId: number, userIds: string[]) =>
  post(`/${id}/attendees/${attendeeId}/nominate`, { userIds });
export const signInMeeting = (id: number, code: string) => post(`/${id}/sign-in`, { code });
/** A new sign-in code (the old one stops working; wrong-code counts start again). */
export const renewSignInCode = (id: number) => post(`/${id}/sign-in-code`, {});
export const addDecision = (
  id: number,
  body: { content: string; leadDepartmentId: string; coDepartmentIds: string[]; dueDate: string | null },
) => post(`/${id}/decisions`, body);

/** 已读: the invitee opened the meeting's page. */
export const markRead = (id: number) =>
  apiRequest(`/meetings/${id}/read`, z.null(), { method: 'POST', body: {} }).then(() => undefined);

/** The user's own invitation (not a unit's row they name attendees for). */
export const ownRow = (meeting: Pick<MeetingSummary, 'mine'>, userId: string) =>
  meeting.mine.find((a) => a.userId === userId) ?? null;

/** Whether receipts are still taken: notified and not yet started. */
export const takesReceipts = (meeting: Pick<MeetingSummary, 'status' | 'startsAt'>, now = Date.now()) =>
  meeting.status === 'notified' && Date.parse(meeting.startsAt) > now;
