import { Button, CapsuleTabs, List, Tabs, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { ItemButton, KindTag, RecordItem } from '@/components/record-item';
import { toastAction } from '@/components/toast-action';
import { usePageTitle } from '@/hooks/use-page-title';
import { type Me, useMe } from '@/lib/auth';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import {
  adoptMeeting,
  getMeetingTypes,
  listMeetings,
  type MeetingStatus,
  type MeetingSummary,
  ownRow,
  takesReceipts,
} from '../api/meetings';
import { meetingTime, ResponseTag, StatusTag } from './meeting-tags';

const STATUS_TABS: { key: MeetingStatus | 'any'; title: string }[] = [
  { key: 'any', title: '全部' },
  { key: 'notified', title: '已发通知' },
  { key: 'draft', title: '待发通知' },
  { key: 'held', title: '已召开' },
  { key: 'cancelled', title: '已取消' },
];

const ORIGIN_NAMES = new Map([
  ['calendar', '钉钉日程'],
  ['video', '钉钉视频会议'],
]);

/** 会议: my meetings, the coming ones first; every meeting for 会务 and leaders; drafts from DingTalk to adopt. */
export function MeetingsPage() {
  usePageTitle('会议');
  const me = useMe();
  const navigate = useNavigate();
  const office = hasRole(me.user, 'meeting_office');
  const seesAll = hasRole(me.user, 'meeting_office', 'leader', 'supervision_office');
  const [tab, setTab] = useState<'mine' | 'all'>('mine');
  const [status, setStatus] = useState<MeetingStatus | 'any'>('any');
  const [type, setType] = useState('any');
  const types = useRequest((signal) => (seesAll ? getMeetingTypes(signal) : Promise.resolve([])), [seesAll]);
  const list = useRequest(
    (signal) =>
      listMeetings(
        tab === 'mine'
          ? { mine: true }
          : { status: status === 'any' ? undefined : status, type: type === 'any' ? undefined : type },
        signal,
      ),
    [tab, status, type],
  );
  const claims = useRequest(
    async (signal) => (office ? (await listMeetings({ status: 'draft' }, signal)).filter((m) => !m.adopted) : []),
    [office],
  );
  /** 认领, then complete the draft (type, invitees) in the form. */
  const claim = (id: number) =>
    toastAction(
      () => adoptMeeting(id),
      '已认领，请补充会议类型和参会人员',
      () => navigate(`/m/meeting/${id}/edit`),
      3000,
    );

  return (
    <div className="page meetings-page">
      {office ? (
        <div className="page-toolbar">
          <span className="toolbar-title">会议通知与回执</span>
          <Button color="primary" size="small" onClick={() => navigate('/m/meetings/new')}>
            新建会议
          </Button>
        </div>
      ) : null}
      {seesAll ? (
        <List mode="card" className="meeting-links">
          <List.Item arrow onClick={() => navigate('/m/discipline-notices')}>
            违反会风会纪通报
          </List.Item>
        </List>
      ) : null}
      {claims.data?.length ? (
        <List header={`待认领（来自钉钉，${claims.data.length}个）`} mode="card" className="meeting-claims">
          {claims.data.map((m) => (
            <List.Item
              key={m.id}
              className="claim-item"
              description={`${ORIGIN_NAMES.get(m.origin) ?? '钉钉'} · ${meetingTime(m.startsAt, m.endsAt)}`}
              extra={
                <ItemButton color="primary" onClick={() => void claim(m.id)}>
                  认领
                </ItemButton>
              }
              onClick={() => navigate(`/m/meeting/${m.id}`)}
            >
              {m.title}
            </List.Item>
          ))}
        </List>
      ) : null}
      {seesAll ? (
        <Tabs activeKey={tab} onChange={(key) => setTab(key as 'mine' | 'all')}>
          <Tabs.Tab key="mine" title="我的会议" />
          <Tabs.Tab key="all" title="全部会议" />
        </Tabs>
      ) : null}
      {tab === 'all' ? (
        <>
          <CapsuleTabs activeKey={status} onChange={(key) => setStatus(key as MeetingStatus | 'any')}>
            {STATUS_TABS.map((t) => (
              <CapsuleTabs.Tab key={t.key} title={t.title} />
            ))}
          </CapsuleTabs>
          <CapsuleTabs activeKey={type} onChange={setType}>
            <CapsuleTabs.Tab key="any" title="全部类型" />
            {(types.data ?? []).map((t) => (
              <CapsuleTabs.Tab key={t.code} title={t.name} />
            ))}
          </CapsuleTabs>
        </>
      ) : null}
      {list.error && !list.data ? (
        <LoadFailed error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.length === 0 ? (
        <Empty text={tab === 'mine' ? '暂无我的会议' : '暂无会议'} />
      ) : (
        <MeetingLists me={me} meetings={list.data} />
      )}
    </div>
  );
}

/** 即将召开 (the soonest first), then the rest (the latest first, as the server orders them). */
function MeetingLists({ me, meetings }: { me: Me; meetings: MeetingSummary[] }) {
  const now = Date.now();
  const coming = meetings
    .filter((m) => m.status !== 'cancelled' && Date.parse(m.endsAt ?? m.startsAt) >= now)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const past = meetings.filter((m) => !coming.includes(m));
  return (
    <>
      <MeetingGroup header="即将召开" className="meetings-coming" meetings={coming} me={me} />
      <MeetingGroup header="已结束或已取消" className="meetings-past" meetings={past} me={me} />
    </>
  );
}

/** A list of meetings under a header; none when there is no meeting in it. */
function MeetingGroup({
  header,
  className,
  meetings,
  me,
}: {
  header: string;
  className: string;
  meetings: MeetingSummary[];
  me: Me;
}) {
  if (!meetings.length) return null;
  return (
    <List header={header} className={className}>
      {meetings.map((m) => (
        <MeetingItem key={m.id} meeting={m} me={me} />
      ))}
    </List>
  );
}

function MeetingItem({ meeting, me }: { meeting: MeetingSummary; me: Me }) {
  const own = ownRow(meeting, me.user.id);
  const unitToName = takesReceipts(meeting) && meeting.mine.some((a) => !a.userId && a.response === 'pending');
  return (
    <RecordItem
      className="meeting-item"
      data-meeting={meeting.id}
      path={`/m/meeting/${meeting.id}`}
      tags={<KindTag>{meeting.typeName}</KindTag>}
      title={meeting.title}
      meta={
        <>
          <span>{meetingTime(meeting.startsAt, meeting.endsAt)}</span>
          {meeting.place ? <span>{meeting.place}</span> : null}
        </>
      }
      extra={
        <div className="meeting-item-tags">
          <StatusTag status={meeting.status} name={meeting.statusName} />
          {own ? <ResponseTag attendee={own} /> : null}
          {unitToName ? (
            <Tag color="warning" fill="outline">
              待报名
            </Tag>
          ) : null}
        </div>
      }
    />
  );
}
