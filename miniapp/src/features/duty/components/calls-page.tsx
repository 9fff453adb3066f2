import { Button, Form, Input, List, Popup, Selector, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { FormPopup, requiredText } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { useMe } from '@/lib/auth';
import { formatInstant, fromLocalInput, todayInShanghai, toLocalInput } from '@/lib/dates';
import { getOrganisation, unitOptions } from '@/lib/organisation';
import { hasRole } from '@/lib/roles';
import { useRequest } from '@/lib/use-request';
import {
  CALLER_TYPES,
  type CallBody,
  type CallerType,
  editCall,
  getCall,
  getCalls,
  type PhoneCall,
  recordCall,
} from '../api/calls';
import { getDutyFigures } from '../api/petitions';
import { getMyShifts } from '../api/swaps';
import './petitions.css';

/**
 * The quick entry: the topic in free words, the caller type (群众 already chosen), and one tap on 已答复 — or on
 * 已转办 and then the unit. The time is now unless changed.
 */
function QuickEntry({ units, onRecorded }: { units: { label: string; value: string }[]; onRecorded: () => void }) {
  const [topic, setTopic] = useState('');
  const [callerType, setCallerType] = useState<CallerType>('public');
  const [time, setTime] = useState('');
  const [choosingUnit, setChoosingUnit] = useState(false);
  const [busy, setBusy] = useState(false);

  const send = async (body: CallBody) => {
    if (!topic.trim()) {
      Toast.show({ content: '请填写来电事由' });
      return;
    }
    setBusy(true);
    try {
      await recordCall({
        ...body,
        topic: topic.trim(),
        callerType,
        ...(time ? { calledAt: fromLocalInput(time) } : {}),
      });
      Toast.show({ content: '已记录' });
      setTopic('');
      setTime('');
      setChoosingUnit(false);
      onRecorded();
    } catch (err) {
      Toast.show({ content: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <List mode="card" header="登记来电" className="call-quick">
      <List.Item>
        <Input placeholder="来电事由，如：咨询社保办理" value={topic} onChange={setTopic} maxLength={200} clearable />
      </List.Item>
      <List.Item>
        <Selector
          columns={4}
          options={CALLER_TYPES.map((t) => ({ label: t.label, value: t.value }))}
          value={[callerType]}
          onChange={(v) => v[0] && setCallerType(v[0] as CallerType)}
        />
      </List.Item>
      <List.Item description="不填为当前时间">
        <Input type="datetime-local" value={time} onChange={setTime} aria-label="来电时间" />
      </List.Item>
      <List.Item>
        <div className="call-outcomes">
          <Button color="primary" loading={busy} onClick={() => send({ outcome: 'answered' })}>
            已答复
          </Button>
          <Button color="primary" fill="outline" disabled={busy} onClick={() => setChoosingUnit(true)}>
            已转办…
          </Button>
        </div>
      </List.Item>
      <Popup
        visible={choosingUnit}
        onMaskClick={() => setChoosingUnit(false)}
        destroyOnClose
        bodyClassName="form-popup"
      >
        <div className="form-popup-title">转办至</div>
        <Selector
          columns={2}
          options={units}
          onChange={(v) => v[0] && send({ outcome: 'referred', referredDepartmentId: v[0] })}
        />
      </Popup>
    </List>
  );
}

function CallItem({ call, onClick }: { call: PhoneCall; onClick: () => void }) {
  return (
    <List.Item
      onClick={onClick}
      description={`${formatInstant(call.calledAt)} · ${call.callerTypeName}`}
      extra={call.referredUnit ? `转${call.referredUnit.name}` : call.outcomeName}
    >
      {call.topic}
    </List.Item>
  );
}

/**
 * 电话记录: the quick entry (督查室, 会务, and whoever is on duty now), this month's calls newest first, and this year's
 * calls month by month (督查室, 会务, leaders).
 */
export function CallsPage() {
  usePageTitle('电话记录');
  const { user } = useMe();
  const navigate = useNavigate();
  const today = todayInShanghai();
  const canRead = hasRole(user, 'supervision_office', 'meeting_office', 'leader');
  const calls = useRequest(
    (signal) =>
      canRead ? getCalls({ from: `${today.slice(0, 7)}-01`, to: today, limit: 200 }, signal) : Promise.resolve(null),
    [today, canRead],
  );
  const figures = useRequest(
    (signal) => (canRead ? getDutyFigures(`${today.slice(0, 4)}-01-01`, today, signal) : Promise.resolve(null)),
    [today, canRead],
  );
  const office = hasRole(user, 'supervision_office', 'meeting_office');
  const mine = useRequest((signal) => (office ? Promise.resolve(null) : getMyShifts(signal)), [office]);
  const now = Date.now();
  const onDuty = (mine.data?.upcoming ?? []).some((s) => Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt));
  const canRecord = office || onDuty;
  const org = useRequest((signal) => (canRecord ? getOrganisation(signal) : Promise.resolve(null)), [canRecord]);

  return (
    <div className="page calls-page">
      {canRecord && org.data ? (
        <QuickEntry
          units={unitOptions(org.data)}
          onRecorded={() => {
            calls.reload();
            figures.reload();
          }}
        />
      ) : null}
      {calls.error && !calls.data ? <LoadFailed error={calls.error} onRetry={calls.reload} /> : null}
      {canRead && !calls.data && !calls.error ? <Loading /> : null}
      {!canRead && mine.data && !onDuty ? (
        <List mode="card">
          <List.Item>您当前不在值班时段，值班期间可在此登记来电。</List.Item>
        </List>
      ) : null}
      {calls.data ? (
        <List mode="card" header={`本月来电（${calls.data.total}次）`}>
          {calls.data.calls.length === 0 ? <List.Item>本月暂无电话记录</List.Item> : null}
          {calls.data.calls.map((c) => (
            <CallItem key={c.id} call={c} onClick={() => navigate(`/m/phone-call/${c.id}`)} />
          ))}
        </List>
      ) : null}
      {figures.data ? (
        <List mode="card" header="本年各月来电">
          {figures.data.phoneCallsByMonth.map((m) => (
            <List.Item key={m.month} extra={`${m.count}次`}>
              {Number(m.month.slice(5))}月
            </List.Item>
          ))}
        </List>
      ) : null}
    </div>
  );
}

interface CallValues {
  calledAt: string;
  callerType: string[];
  topic: string;
  outcome: string[];
  unit?: string[];
}

/** One call, and its correction (督查室, 会务). */
export function CallPage() {
  const { id } = useParams();
  usePageTitle('电话记录');
  const { user } = useMe();
  const call = useRequest((signal) => getCall(Number(id), signal), [id]);
  const canRecord = hasRole(user, 'supervision_office', 'meeting_office');
  const org = useRequest((signal) => (canRecord ? getOrganisation(signal) : Promise.resolve(null)), [canRecord]);
  const [editing, setEditing] = useState(false);
  if (call.error && !call.data) return <LoadFailed error={call.error} onRetry={call.reload} />;
  if (!call.data) return <Loading />;
  const c = call.data;
  return (
    <div className="page call-page">
      <List mode="card" header="电话记录">
        <List.Item extra={formatInstant(c.calledAt)}>来电时间</List.Item>
        <List.Item extra={c.callerTypeName}>来电类型</List.Item>
        <List.Item description={c.topic}>来电事由</List.Item>
        <List.Item extra={c.referredUnit ? `${c.outcomeName}（${c.referredUnit.name}）` : c.outcomeName}>
          处理结果
        </List.Item>
        <List.Item extra={c.recordedBy.name}>记录人</List.Item>
      </List>
      {canRecord && org.data ? (
        <div className="petition-actions">
          <Button color="primary" fill="outline" onClick={() => setEditing(true)}>
            修改
          </Button>
        </div>
      ) : null}
      {org.data ? (
        <FormPopup<CallValues>
          visible={editing}
          title="修改电话记录"
          submitText="保存"
          onClose={() => setEditing(false)}
          initialValues={{
            calledAt: toLocalInput(c.calledAt),
            callerType: [c.callerType],
            topic: c.topic,
            outcome: [c.outcome],
            unit: c.referredUnit ? [c.referredUnit.id] : [],
          }}
          onSubmit={async (v) => {
            const referred = v.outcome[0] === 'referred';
            await editCall(c.id, {
              calledAt: fromLocalInput(v.calledAt),
              callerType: v.callerType[0] as CallerType,
              topic: v.topic.trim(),
              outcome: referred ? 'referred' : 'answered',
              referredDepartmentId: referred ? (v.unit?.[0] ?? null) : null,
            });
            call.reload();
          }}
        >
          <Form.Item name="calledAt" label="来电时间" rules={[{ required: true, message: '请填写来电时间' }]}>
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="callerType" label="来电类型" rules={[{ required: true, message: '请选择来电类型' }]}>
            <Selector columns={4} options={CALLER_TYPES.map((t) => ({ label: t.label, value: t.value }))} />
          </Form.Item>
          <Form.Item name="topic" label="来电事由" rules={requiredText('请填写来电事由')}>
            <Input maxLength={200} clearable />
          </Form.Item>
          <Form.Item name="outcome" label="处理结果" rules={[{ required: true, message: '请选择处理结果' }]}>
            <Selector
              columns={2}
              options={[
                { label: '已答复', value: 'answered' },
                { label: '已转办', value: 'referred' },
              ]}
            />
          </Form.Item>
          <Form.Item name="unit" label="转办单位（已转办时选择）">
            <Selector columns={2} options={unitOptions(org.data)} />
          </Form.Item>
        </FormPopup>
      ) : null}
    </div>
  );
}
