import { Button, Card, Dialog, Form, Grid, List, Space, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormPopup, requiredText } from '@/components/form-popup';
import { toastAction } from '@/components/toast-action';
import { formatClock, formatInstant } from '@/lib/dates';
import { adoptMeeting, cancelMeeting, type MeetingDetail, notifyMeeting, renewSignInCode } from '../api/meetings';
import { ResponseTag } from './meeting-tags';

/** How long a refused action's reason stays: a sentence from the server, longer than a toast's default. */
const FAIL_FOR = 3000;

/**
 * For the organiser and 会务, as the server allows them (`meeting.can`): adopt a draft from DingTalk, send the
 * notice, change or cancel the meeting, and the sign-in code for the room.
 */
export function ManageSection({ meeting, onChanged }: { meeting: MeetingDetail; onChanged: () => void }) {
  const navigate = useNavigate();
  const [cancelling, setCancelling] = useState(false);
  const draft = meeting.status === 'draft';
  const cancellable =
    meeting.can.cancel && (draft || (meeting.status === 'notified' && Date.parse(meeting.startsAt) > Date.now()));
  const adoptable = draft && !meeting.adopted && meeting.can.adopt;
  const notifiable = draft && meeting.adopted && meeting.can.notify;
  const editable = draft && meeting.can.edit;

  const adopt = () =>
    toastAction(() => adoptMeeting(meeting.id), '已认领，请核对会议类型和参会人员后发送通知', onChanged, FAIL_FOR);

  const notify = () => {
    Dialog.confirm({
      title: '发送会议通知',
      content: `将以钉钉工作通知发送给${meeting.counts.invited}个参会人员（单位），确定发送？`,
      confirmText: '发送',
      cancelText: '再看看',
      onConfirm: () => toastAction(() => notifyMeeting(meeting.id), '会议通知已发送', onChanged, FAIL_FOR),
    });
  };

  return (
    <>
      {meeting.signInCode && meeting.status !== 'cancelled' ? (
        <SignInCodeCard meeting={meeting} onChanged={onChanged} />
      ) : null}
      {adoptable || notifiable || editable || cancellable ? (
        <div className="action-bar">
          <Space wrap>
            {adoptable ? (
              <Button color="primary" onClick={adopt}>
                认领
              </Button>
            ) : null}
            {notifiable ? (
              <Button color="primary" onClick={notify}>
                发送通知
              </Button>
            ) : null}
            {editable ? (
              <Button fill="outline" onClick={() => navigate(`/m/meeting/${meeting.id}/edit`)}>
                修改
              </Button>
            ) : null}
            {cancellable ? (
              <Button color="danger" fill="outline" onClick={() => setCancelling(true)}>
                取消会议
              </Button>
            ) : null}
          </Space>
        </div>
      ) : null}
      <FormPopup<{ reason: string }>
        visible={cancelling}
        title="取消会议"
        submitText="确认取消会议"
        onClose={() => setCancelling(false)}
        onSubmit={async ({ reason }) => {
          await cancelMeeting(meeting.id, reason.trim());
          Toast.show({ icon: 'success', content: draft ? '会议已取消' : '会议已取消，将通知参会人员' });
          onChanged();
        }}
      >
        <Form.Item name="reason" label="取消原因" rules={requiredText('请填写取消原因')}>
          <TextArea placeholder="如：因工作安排调整，会议另行通知" rows={3} maxLength={500} showCount />
        </Form.Item>
      </FormPopup>
    </>
  );
}

/** 签到码 for the room, its window, and a fresh code when the old one leaked or was locked by wrong guesses. */
function SignInCodeCard({ meeting, onChanged }: { meeting: MeetingDetail; onChanged: () => void }) {
  const renew = () => {
    Dialog.confirm({
      title: '重新生成签到码',
      content: '原签到码将立即失效，请在会场公布新的签到码。确定重新生成？',
      confirmText: '重新生成',
      cancelText: '再看看',
      onConfirm: () => toastAction(() => renewSignInCode(meeting.id), '已生成新的签到码', onChanged, FAIL_FOR),
    });
  };

  return (
    <Card className="sign-in-code-card">
      <div className="muted">签到码（请在会场公布）</div>
      <div className="sign-in-code">{meeting.signInCode}</div>
      <div className="muted">
        {formatInstant(meeting.signInWindow.opensAt)}至{formatClock(meeting.signInWindow.closesAt)}可签到
      </div>
      {meeting.signInLocked ? (
        <div>
          <Tag color="danger" fill="outline" className="sign-in-locked">
            输错次数过多，已暂停签到码签到，请重新生成
          </Tag>
        </div>
      ) : null}
      <Button size="small" fill="outline" className="renew-code" onClick={renew}>
        重新生成签到码
      </Button>
    </Card>
  );
}

/** Who was invited and how each answered: read, receipt, sign-in and lateness, with the counts. */
export function AttendeeList({ meeting }: { meeting: MeetingDetail }) {
  const { counts } = meeting;
  const late = meeting.attendees.filter((a) => a.late).length;
  const figures: [string, number, string?][] = [
    ['应到', counts.invited],
    ['确认参会', counts.confirmed],
    ['请假', counts.leave],
    ['指派他人', counts.substitute],
    ['未回执', counts.pending, counts.pending ? 'warn' : undefined],
    ['已签到', counts.signedIn],
    ['迟到', late, late ? 'bad' : undefined],
    ['已读', meeting.attendees.filter((a) => a.readAt).length],
  ];
  const names = new Map(meeting.attendees.map((a) => [a.id, a.name]));
  return (
    <>
      <Card title="参会情况" className="attendance">
        <Grid columns={4} gap={8}>
          {figures.map(([name, value, tone]) => (
            <Grid.Item key={name}>
              <div className={`figure ${tone ?? ''}`}>
                <span className="figure-value">{value}</span>
                <span className="figure-name">{name}</span>
              </div>
            </Grid.Item>
          ))}
        </Grid>
      </Card>
      <List header="参会人员" mode="card" className="attendee-list">
        {meeting.attendees.map((a) => (
          <List.Item
            key={a.id}
            className="attendee-item"
            description={
              <div className="item-meta">
                {a.unitName ? <span>{a.unitName}</span> : null}
                {a.substituteForId ? <span>代{names.get(a.substituteForId) ?? '他人'}参会</span> : null}
                <span>{a.readAt ? `已读 ${formatClock(a.readAt)}` : '未读'}</span>
                {a.leaveReason ? <span>事由：{a.leaveReason}</span> : null}
                {a.substitute ? <span>指派：{a.substitute.name}</span> : null}
              </div>
            }
            extra={
              <div className="meeting-item-tags">
                <ResponseTag attendee={a} />
                {a.signedInAt ? (
                  <Tag color={a.late ? 'danger' : 'success'} fill="outline">
                    {a.late ? '迟到' : '已签到'} {formatClock(a.signedInAt)}
                  </Tag>
                ) : null}
              </div>
            }
          >
            {a.name ?? `${a.unitName ?? '参会单位'}（待单位报名）`}
          </List.Item>
        ))}
      </List>
    </>
  );
}
