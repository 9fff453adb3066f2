/** 议定事项: a decision of the meeting becomes a supervised matter (会议议定事项), linked both ways. */
import { MeetingDecision } from '../../entities';
import { checkPlannedDate } from '../timelimits/plausible';
import type { MeetingAct } from './command';
import { MeetingError } from './errors';
import type { DecisionInput } from './model';

/**
 * One step makes the matter, through the supervision service in the same transaction, with the lead unit and an
 * explicit due date or the rule `supervision.meeting_decision`; the matter's `meeting_id` and the decision's
 * `matter_id` link them.
 */
export const decide =
  (input: DecisionInput): MeetingAct =>
  async ({ manager, actor, meeting, now, deps }) => {
    const content = input.content.trim();
    if (content.length < 4) throw new MeetingError('invalid_input', '请填写议定事项内容');
    if (input.dueDate) checkPlannedDate(input.dueDate, now, '办理期限');
    const matter = await deps.matters.assignIn(manager, actor.id, {
      source: 'meeting_decision',
      title: content.length <= 120 ? content : `${content.slice(0, 119)}…`,
      content: `${content}\n（${meeting.title}议定）`,
      leadDepartmentId: input.leadDepartmentId,
      coDepartmentIds: input.coDepartmentIds ?? [],
      responsibleUserId: input.responsibleUserId ?? null,
      dueDate: input.dueDate ?? null,
      assignedByUserId: meeting.organiserUserId,
      meetingId: meeting.id,
    });
    const decision = await manager.getRepository(MeetingDecision).save(
      manager.getRepository(MeetingDecision).create({
        meetingId: meeting.id,
        content,
        leadDepartmentId: input.leadDepartmentId,
        matterId: matter.id,
        dueDate: input.dueDate ?? null,
        createdBy: actor.id,
      }),
    );
    return {
      audit: {
        action: 'meeting.decision.recorded',
        subjectType: 'meeting',
        subjectId: meeting.id,
        after: { decisionId: decision.id, matterId: matter.id, matterNumber: matter.number },
      },
    };
  };
