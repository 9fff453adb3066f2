import { Button, List, Selector, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useSubmit } from '@/components/form-popup';
import { Empty, RecordState } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { getSwapOptions, requestSwap } from '../api/swaps';
import { DayMark, shiftHours } from './swap-parts';

const KINDS = [
  { label: '替班（对方接替我的班次）', value: 'cover' },
  { label: '换班（双方对调班次）', value: 'exchange' },
] as const;

/**
 * 申请换班 for one of my shifts: 替班 or 换班, the colleague (only those who may take my place and are free then),
 * for 换班 the colleague's shift I take in return, and the reason. The colleague confirms, then the office approves.
 */
export function SwapRequestPage() {
  usePageTitle('申请换班');
  const navigate = useNavigate();
  const shiftId = Number(useSearchParams()[0].get('shiftId'));
  const options = useRequest((signal) => getSwapOptions(shiftId, signal), [shiftId]);
  const [kind, setKind] = useState<'cover' | 'exchange'>('cover');
  const [other, setOther] = useState<string | null>(null);
  const [returnShift, setReturnShift] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const { busy, failure, setFailure, run } = useSubmit();

  return (
    <RecordState id={shiftId} missing="请从我的班次选择要换出的班次" record={options}>
      {({ shift, role, candidates }) => {
        const chosen = candidates.find((c) => c.person.id === other);
        const submit = async () => {
          if (!other) {
            setFailure('请选择换班同事');
            return;
          }
          if (kind === 'exchange' && !returnShift) {
            setFailure('换班请选择对方的一个班次由您接替');
            return;
          }
          await run(async () => {
            const swap = await requestSwap({
              shiftId,
              kind,
              counterpartUserId: other,
              returnShiftId: kind === 'exchange' ? returnShift : null,
              reason: reason.trim() || null,
            });
            Toast.show({ icon: 'success', content: '已提交，待对方确认' });
            navigate(`/m/duty_swap/${swap.id}`, { replace: true });
          });
        };
        return (
          <div className="page swap-request">
            <List mode="card" header="换出的班次">
              <List.Item description={shiftHours(shift)}>
                <span className="swap-shift-title">
                  <strong>{shift.title}</strong>
                  <Tag fill="outline">{role === 'leader' ? '带班领导' : '值班人员'}</Tag>
                  <DayMark shift={shift} />
                </span>
              </List.Item>
            </List>
            <section className="swap-form-section">
              <h3>换班方式</h3>
              <Selector
                columns={1}
                options={[...KINDS]}
                value={[kind]}
                onChange={(v) => v[0] && setKind(v[0] as 'cover' | 'exchange')}
              />
            </section>
            <section className="swap-form-section">
              <h3>换班同事</h3>
              <p className="muted">
                {role === 'leader' ? '带班领导只能与可以带班的领导换班' : '值班人员只能与值班人员换班'}
                ，已列出该时段没有值班安排的同事。
              </p>
              {candidates.length === 0 ? <Empty text="没有可以换班的同事" /> : null}
              <Selector
                columns={3}
                options={candidates.map((c) => ({ label: c.person.name, value: c.person.id }))}
                value={other ? [other] : []}
                onChange={(v) => {
                  setOther(v[0] ?? null);
                  setReturnShift(null);
                }}
              />
            </section>
            {kind === 'exchange' && chosen ? (
              <section className="swap-form-section">
                <h3>由您接替{chosen.person.name}的班次</h3>
                {chosen.returnShifts.length === 0 ? <p className="muted">该同事近期没有可对调的班次</p> : null}
                <Selector
                  columns={1}
                  options={chosen.returnShifts.map((s) => ({
                    label: `${s.title} ${shiftHours(s)}`,
                    value: String(s.id),
                  }))}
                  value={returnShift ? [String(returnShift)] : []}
                  onChange={(v) => setReturnShift(v[0] ? Number(v[0]) : null)}
                />
              </section>
            ) : null}
            <section className="swap-form-section">
              <h3>换班事由</h3>
              <TextArea
                value={reason}
                onChange={setReason}
                maxLength={200}
                showCount
                rows={2}
                placeholder="如：参加市里培训（选填）"
              />
            </section>
            <div className="page-footer">
              {failure ? (
                <div className="form-failure" role="alert">
                  {failure}
                </div>
              ) : null}
              <Button block color="primary" size="large" loading={busy} onClick={submit}>
                提交申请
              </Button>
            </div>
          </div>
        );
      }}
    </RecordState>
  );
}
