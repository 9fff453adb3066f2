import { Button, Dialog, Form, List, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { FormPopup, requiredText } from '@/components/form-popup';
import { RecordState } from '@/components/page-state';
import { toastAction } from '@/components/toast-action';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatInstant } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { type DatedShift, getSwap, type Swap, type SwapStep, swapStep } from '../api/swaps';
import { DayMark, SwapStatus, shiftHours } from './swap-parts';

/** A shift of the request; `taker` (shown while the request is open) is who would take the place. */
function ShiftFacts({ header, shift, taker }: { header: string; shift: DatedShift | null; taker: string | null }) {
  const navigate = useNavigate();
  if (!shift) {
    return (
      <List mode="card" header={header}>
        <List.Item>该班次已因重新排班而变更</List.Item>
      </List>
    );
  }
  return (
    <List mode="card" header={header}>
      <List.Item description={shiftHours(shift)} onClick={() => navigate(`/m/duty_shift/${shift.id}`)}>
        <span className="swap-shift-title">
          <strong>{shift.title}</strong>
          <DayMark shift={shift} />
        </span>
      </List.Item>
      <List.Item extra={shift.leader.name}>带班领导</List.Item>
      <List.Item extra={shift.staff.map((p) => p.name).join('、')}>值班人员</List.Item>
      {taker ? <List.Item extra={taker}>拟改由</List.Item> : null}
    </List>
  );
}

const CONFIRM: Partial<Record<SwapStep, (s: Swap) => string>> = {
  accept: (s) => `同意${s.kindName}：由您接替${s.requester.name}${s.shift?.title ?? ''}？同意后报办公室审批。`,
  withdraw: () => '撤回该换班申请？',
  approve: (s) => `批准${s.requester.name}与${s.counterpart.name}${s.kindName}？批准后值班表随即调整。`,
};
const DONE: Record<SwapStep, string> = {
  accept: '已同意，待办公室审批',
  decline: '已拒绝',
  withdraw: '已撤回',
  approve: '已批准，值班表已调整',
  refuse: '已不予批准',
};

/**
 * A 换班 request: the shift given (and the one taken in return), who asked whom, where it stands, and the reader's
 * step — the colleague 同意/拒绝, the requester 撤回, the office 批准/不予批准 (with its reason).
 */
export function SwapPage() {
  usePageTitle('换班申请');
  const id = Number(useParams().id);
  const swap = useRequest((signal) => getSwap(id, signal), [id]);
  const [noting, setNoting] = useState<'decline' | 'refuse' | null>(null);
  const act = async (s: Swap, step: SwapStep) => {
    const confirm = CONFIRM[step];
    if (confirm && !(await Dialog.confirm({ content: confirm(s) }))) return;
    await toastAction(() => swapStep(s.id, step), DONE[step], swap.reload);
  };
  return (
    <RecordState id={id} missing="没有这份换班申请" record={swap}>
      {(s) => {
        const open = (s.status === 'requested' || s.status === 'accepted') && !s.expired;
        return (
          <div className="page swap-page">
            <List mode="card" header={`${s.kindName}申请`}>
              <List.Item extra={<SwapStatus swap={s} />}>
                {s.requester.name} → {s.counterpart.name}
              </List.Item>
              <List.Item extra={s.roleName}>岗位</List.Item>
              {s.reason ? <List.Item description={s.reason}>换班事由</List.Item> : null}
              <List.Item extra={formatInstant(s.requestedAt)}>申请时间</List.Item>
              {s.decidedBy && s.decidedAt ? (
                <List.Item extra={formatInstant(s.decidedAt)} description={s.note ?? undefined}>
                  {s.status === 'withdrawn'
                    ? '撤回'
                    : `${s.decidedBy.name}${s.status === 'approved' ? '批准' : '审批'}`}
                </List.Item>
              ) : s.note ? (
                <List.Item description={s.note}>说明</List.Item>
              ) : null}
            </List>
            <div className="swap-actions">
              {s.can.accept ? (
                <Button color="primary" onClick={() => act(s, 'accept')}>
                  同意
                </Button>
              ) : null}
              {s.can.decline ? <Button onClick={() => setNoting('decline')}>拒绝</Button> : null}
              {s.can.approve ? (
                <Button color="primary" onClick={() => act(s, 'approve')}>
                  批准
                </Button>
              ) : null}
              {s.can.refuse ? (
                <Button color="danger" fill="outline" onClick={() => setNoting('refuse')}>
                  不予批准
                </Button>
              ) : null}
              {s.can.withdraw ? <Button onClick={() => act(s, 'withdraw')}>撤回申请</Button> : null}
            </div>
            <ShiftFacts
              header={`${s.requester.name}换出的班次`}
              shift={s.shift}
              taker={open ? s.counterpart.name : null}
            />
            {s.kind === 'exchange' ? (
              <ShiftFacts
                header={`${s.counterpart.name}换出的班次`}
                shift={s.returnShift}
                taker={open ? s.requester.name : null}
              />
            ) : null}
            <FormPopup<{ note: string }>
              visible={noting !== null}
              title={noting === 'refuse' ? '不予批准' : '拒绝换班'}
              submitText="提交"
              onClose={() => setNoting(null)}
              onSubmit={async (v) => {
                await swapStep(s.id, noting ?? 'decline', v.note?.trim() ?? '');
                swap.reload();
              }}
            >
              <Form.Item
                name="note"
                label={noting === 'refuse' ? '理由' : '说明（选填）'}
                rules={noting === 'refuse' ? requiredText('请填写不予批准的理由') : []}
              >
                <TextArea maxLength={200} rows={3} showCount />
              </Form.Item>
            </FormPopup>
          </div>
        );
      }}
    </RecordState>
  );
}
