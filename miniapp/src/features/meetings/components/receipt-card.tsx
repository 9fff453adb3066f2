import { Button, Card, Form, Input, Space, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { FormPopup, requiredText, useSubmit } from '@/components/form-popup';
import { PersonPicker } from '@/components/person-picker';
import { toastAction } from '@/components/toast-action';
import type { Me } from '@/lib/auth';
import { formatClock, formatDue, formatInstant } from '@/lib/dates';
import type { Organisation } from '@/lib/organisation';
import {
  askLeave,
  confirmAttendance,
  type MeetingDetail,
  nominateAttendees,
  ownRow,
  sendSubstitute,
  signInMeeting,
  takesReceipts,
  type UnitNomination,
} from '../api/meetings';
import { ResponseTag } from './meeting-tags';

interface Props {
  meeting: MeetingDetail;
  me: Me;
  org: Organisation | undefined;
  onChanged: () => void;
}

const atLeast = (n: number, message: string) => ({
  validator: async (_rule: unknown, value?: string) => {
    if (value && value.trim().length > 0 && value.trim().length < n) throw new Error(message);
  },
});

/** 我的回执: confirm, ask for leave with a reason, or send someone else; a unit head names the unit's attendees. */
export function ReceiptCard({ meeting, me, org, onChanged }: Props) {
  const [open, setOpen] = useState<'leave' | 'substitute' | number | null>(null);
  const close = () => setOpen(null);
  const own = ownRow(meeting, me.user.id);
  const units = meeting.units;
  if (!own && units.length === 0) return null;
  const answering = takesReceipts(meeting);
  const invited = meeting.attendees.flatMap((a) => (a.userId ? [a.userId] : []));
  const done = (message: string) => {
    Toast.show({ icon: 'success', content: message });
    onChanged();
  };
  const confirm = () => toastAction(() => confirmAttendance(meeting.id), '已确认参会', onChanged);

  return (
    <Card title="我的回执" className="receipt-card">
      {own ? (
        <div className="receipt-state">
          <ResponseTag attendee={own} />
          {own.response === 'leave' && own.leaveReason ? <span className="muted">事由：{own.leaveReason}</span> : null}
          {own.substitute ? <span className="muted">已指派：{own.substitute.name}</span> : null}
        </div>
      ) : null}
      {answering && meeting.confirmBy ? <p className="muted">请于{formatDue(meeting.confirmBy)}前回执</p> : null}
      {own && answering && own.response !== 'substitute' ? (
        <Space wrap className="receipt-actions">
          {own.response !== 'confirmed' ? (
            <Button color="primary" onClick={() => void confirm()}>
              确认参会
            </Button>
          ) : null}
          {own.response !== 'leave' ? (
            <Button color="warning" fill="outline" onClick={() => setOpen('leave')}>
              请假
            </Button>
          ) : null}
          <Button fill="outline" onClick={() => setOpen('substitute')} disabled={!org}>
            指派他人
          </Button>
        </Space>
      ) : null}
      {units.map((unit) => (
        <div key={unit.attendeeId} className="unit-row">
          <span>
            {unit.unitName ?? '本单位'}：
            {unit.named.length
              ? `已确定 ${unit.named.map((a) => `${a.name ?? ''}（${a.responseName}）`).join('、')}`
              : '请确定参会人员'}
          </span>
          {answering ? (
            <Button size="small" color="primary" disabled={!org} onClick={() => setOpen(unit.attendeeId)}>
              {unit.named.length ? '调整参会人员' : '确定参会人员'}
            </Button>
          ) : null}
        </div>
      ))}

      <LeavePopup meetingId={meeting.id} visible={open === 'leave'} onClose={close} onDone={done} />
      {org ? (
        <SubstitutePopup
          meetingId={meeting.id}
          org={org}
          exclude={[me.user.id, ...invited]}
          unitFirst={own?.departmentId ?? null}
          visible={open === 'substitute'}
          onClose={close}
          onDone={done}
        />
      ) : null}
      {org
        ? units.map((unit) => (
            <NominatePopup
              key={unit.attendeeId}
              meetingId={meeting.id}
              unit={unit}
              org={org}
              exclude={invited.filter((id) => !unit.named.some((a) => a.userId === id))}
              visible={open === unit.attendeeId}
              onClose={close}
              onDone={done}
            />
          ))
        : null}
    </Card>
  );
}

/** A receipt's popup; `onDone` tells the user what happened and reloads the meeting. */
interface PopupProps {
  meetingId: number;
  visible: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** 请假, with a reason of at least two characters. */
function LeavePopup({ meetingId, visible, onClose, onDone }: PopupProps) {
  return (
    <FormPopup<{ reason: string }>
      visible={visible}
      title="请假"
      submitText="提交请假"
      onClose={onClose}
      onSubmit={async ({ reason }) => {
        await askLeave(meetingId, reason.trim());
        onDone('已请假');
      }}
    >
      <Form.Item
        name="reason"
        label="请假事由"
        rules={[...requiredText('请填写请假事由'), atLeast(2, '请假事由至少2个字')]}
      >
        <TextArea placeholder="如：同时段参加市政府专题会议" rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormPopup>
  );
}

/** 指派他人: one person attends instead, their own unit's people listed first. */
function SubstitutePopup({
  meetingId,
  org,
  exclude,
  unitFirst,
  visible,
  onClose,
  onDone,
}: PopupProps & { org: Organisation; exclude: string[]; unitFirst: string | null }) {
  return (
    <FormPopup<{ substitute: string[]; reason?: string }>
      visible={visible}
      title="指派他人参会"
      submitText="确定指派"
      onClose={onClose}
      onSubmit={async ({ substitute, reason }) => {
        await sendSubstitute(meetingId, substitute[0] as string, reason?.trim() || null);
        onDone('已指派，将通知其参会');
      }}
    >
      <Form.Item name="substitute" label="参会人员" rules={[{ required: true, message: '请选择参会人员' }]}>
        <PersonPicker org={org} title="选择参会人员" placeholder="点击选择" exclude={exclude} unitFirst={unitFirst} />
      </Form.Item>
      <Form.Item name="reason" label="说明（选填）">
        <TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormPopup>
  );
}

/** A unit head names (or changes) who of the unit attends; those left off are told. */
function NominatePopup({
  meetingId,
  unit,
  org,
  exclude,
  visible,
  onClose,
  onDone,
}: PopupProps & { unit: UnitNomination; org: Organisation; exclude: string[] }) {
  return (
    <FormPopup<{ userIds: string[] }>
      visible={visible}
      title={`确定${unit.unitName ?? '本单位'}参会人员`}
      submitText="确定"
      onClose={onClose}
      initialValues={{ userIds: unit.named.flatMap((a) => (a.userId ? [a.userId] : [])) }}
      onSubmit={async ({ userIds }) => {
        await nominateAttendees(meetingId, unit.attendeeId, userIds);
        onDone('参会人员已确定，将分别通知');
      }}
    >
      <Form.Item name="userIds" label="参会人员" rules={[{ required: true, message: '请选择参会人员' }]}>
        <PersonPicker
          org={org}
          multiple
          title="选择参会人员"
          placeholder="点击选择（可多选）"
          exclude={exclude}
          unitFirst={unit.departmentId}
        />
      </Form.Item>
    </FormPopup>
  );
}

/** 签到 with the code shown in the room, while the window around the start is open. */
export function SignInCard({ meeting, me, onChanged }: Omit<Props, 'org'>) {
  const [code, setCode] = useState('');
  const { busy, failure, setFailure, run } = useSubmit();
  const own = ownRow(meeting, me.user.id);
  if (!own || own.response === 'substitute' || (meeting.status !== 'notified' && meeting.status !== 'held')) {
    return null;
  }
  if (own.signedInAt) {
    return (
      <Card title="会议签到" className="sign-in-card">
        <span className="text-success">已于{formatClock(own.signedInAt)}签到</span>
        {own.late ? <span className="text-danger">（迟到）</span> : null}
      </Card>
    );
  }
  const now = Date.now();
  const { opensAt, closesAt } = meeting.signInWindow;
  const notYet = now < Date.parse(opensAt);
  const over = now > Date.parse(closesAt);
  const submit = async () => {
    if (!/^\d{4,8}$/.test(code.trim())) {
      setFailure('请输入会场公布的签到码');
      return;
    }
    await run(async () => {
      await signInMeeting(meeting.id, code.trim());
      Toast.show({ icon: 'success', content: '签到成功' });
      onChanged();
    });
  };
  return (
    <Card title="会议签到" className="sign-in-card">
      {notYet ? (
        <p className="muted">签到尚未开始，会前30分钟（{formatInstant(opensAt)}）开放签到</p>
      ) : over ? (
        <p className="muted">签到已结束</p>
      ) : (
        <>
          <div className="sign-in-row">
            <Input
              placeholder="请输入签到码"
              inputMode="numeric"
              pattern="[0-9]*"
              maxLength={8}
              value={code}
              onChange={(value) => setCode(value.replace(/\D/g, ''))}
              className="sign-in-code-input"
            />
            <Button color="primary" loading={busy} onClick={() => void submit()}>
              签到
            </Button>
          </div>
          {failure ? (
            <div className="form-failure" role="alert">
              {failure}
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}
