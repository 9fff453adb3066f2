import { Card, List, Tag } from 'antd-mobile';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { RecordState } from '@/components/page-state';
import { RecordHead } from '@/components/record-head';
import { usePageTitle } from '@/hooks/use-page-title';
import { type Me, useMe } from '@/lib/auth';
import { formatDue, formatInstant } from '@/lib/dates';
import { getOrganisation } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import { getMeeting, type MeetingDetail, markRead, ownRow } from '../api/meetings';
import { DecisionsSection } from './decisions-section';
import { AttendeeList, ManageSection } from './manage-section';
import { meetingTime, ResponseTag, StatusTag } from './meeting-tags';
import { ReceiptCard, SignInCard } from './receipt-card';

/** One meeting: what, when, where; my receipt and sign-in; for those who run it, the attendance and decisions. */
export function MeetingPage() {
  const id = Number(useParams().id);
  const me = useMe();
  const meeting = useRequest((signal) => getMeeting(id, signal), [id]);
  usePageTitle(meeting.data ? meeting.data.title : '会议');

  // Opening the page is reading the notice (已读), whether or not DingTalk reports it.
  const own = meeting.data ? ownRow(meeting.data, me.user.id) : null;
  const unread = own !== null && own.readAt === null && meeting.data?.status !== 'draft';
  useEffect(() => {
    if (unread) markRead(id).catch(() => undefined);
  }, [unread, id]);

  return (
    <RecordState id={id} missing="没有这个会议" record={meeting}>
      {(data) => <MeetingView meeting={data} me={me} onChanged={meeting.reload} />}
    </RecordState>
  );
}

function MeetingView({ meeting, me, onChanged }: { meeting: MeetingDetail; me: Me; onChanged: () => void }) {
  const own = ownRow(meeting, me.user.id);
  const canDecide = meeting.can.decide && (meeting.status === 'notified' || meeting.status === 'held');
  const needsPeople = meeting.mine.length > 0 || canDecide;
  const org = useRequest(
    (signal) => (needsPeople ? getOrganisation(signal) : Promise.resolve(undefined)),
    [needsPeople],
  );
  const seesAttendance = meeting.can.code || hasRole(me.user, 'leader', 'supervision_office', 'meeting_office');
  return (
    <div className="page meeting-page">
      <RecordHead title={meeting.title} titleClassName="meeting-title">
        <Tag fill="outline">{meeting.typeName}</Tag>
        <StatusTag status={meeting.status} name={meeting.statusName} />
        {own ? <ResponseTag attendee={own} /> : null}
      </RecordHead>

      {meeting.can.adopt || meeting.can.edit || meeting.can.cancel || meeting.can.code ? (
        <ManageSection meeting={meeting} onChanged={onChanged} />
      ) : null}
      <ReceiptCard meeting={meeting} me={me} org={org.data} onChanged={onChanged} />
      <SignInCard meeting={meeting} me={me} onChanged={onChanged} />

      <List header="会议信息" mode="card" className="meeting-info">
        <List.Item extra={meetingTime(meeting.startsAt, meeting.endsAt)}>会议时间</List.Item>
        {meeting.place ? <List.Item extra={meeting.place}>会议地点</List.Item> : null}
        {meeting.presider ? <List.Item extra={meeting.presider.name}>主持人</List.Item> : null}
        {meeting.organiser ? <List.Item extra={meeting.organiser.name}>组织者</List.Item> : null}
        {meeting.confirmBy ? <List.Item extra={formatDue(meeting.confirmBy)}>回执截止</List.Item> : null}
        {meeting.notifiedAt ? <List.Item extra={formatInstant(meeting.notifiedAt)}>通知发出</List.Item> : null}
      </List>

      {meeting.agenda ? (
        <Card title="会议议程" className="text-card">
          <p className="pre-wrap">{meeting.agenda}</p>
        </Card>
      ) : null}

      {seesAttendance ? <AttendeeList meeting={meeting} /> : null}
      <DecisionsSection meeting={meeting} org={org.data} canAdd={canDecide} onChanged={onChanged} />
    </div>
  );
}
