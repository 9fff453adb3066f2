import { Button, Card, Input, List, Selector, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useSubmit } from '@/components/form-popup';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatDate } from '@/lib/dates';
import { getOrganisation, unitOptions } from '@/lib/organisation';
import { useRequest } from '@/lib/use-request';
import { type DayOverride, listDayOverrides, removeDayOverride, setDayOverride } from '../api/settings';
import { SaveFooter } from './save-footer';
import { SplitView } from './split-view';

const KINDS: { label: string; value: 'off' | 'workday' }[] = [
  { label: '放假', value: 'off' },
  { label: '上班', value: 'workday' },
];
const OFFICE = 'office';

/** 日历调整: days the office (or one unit) made off or working, beyond the State Council's holidays. */
export function CalendarPage() {
  usePageTitle('日历调整');
  const { id } = useParams();
  const navigate = useNavigate();
  const overrides = useRequest((signal) => listDayOverrides(signal), []);
  const org = useRequest((signal) => getOrganisation(signal), []);
  const units = new Map((org.data?.departments ?? []).map((d) => [d.id, d.name]));
  const scopeName = (scope: string) => (scope === OFFICE ? '全办' : (units.get(scope) ?? scope));
  const selected = overrides.data?.overrides.find((o) => String(o.id) === id);
  const back = () => navigate('/m/admin/calendar');
  const changed = () => {
    overrides.reload();
    back();
  };
  const unitChoices = [{ label: '全办', value: OFFICE }, ...(org.data ? unitOptions(org.data) : [])];
  return (
    <SplitView
      className="admin-calendar"
      placeholder="请在左侧选择一项调整，或新增调整"
      onBack={back}
      detail={
        id === 'new' ? (
          <NewOverride units={unitChoices} onSaved={changed} />
        ) : selected ? (
          <OverrideDetail
            key={selected.id}
            override={selected}
            scopeName={scopeName(selected.scope)}
            onRemoved={changed}
          />
        ) : null
      }
      list={
        <>
          <div className="page-toolbar">
            <span className="toolbar-title">调休、临时放假或上班</span>
            <Button color="primary" size="small" onClick={() => navigate('/m/admin/calendar/new')}>
              新增调整
            </Button>
          </div>
          {overrides.error && !overrides.data ? (
            <LoadFailed error={overrides.error} onRetry={overrides.reload} />
          ) : !overrides.data ? (
            <Loading />
          ) : overrides.data.overrides.length === 0 ? (
            <Empty text="暂无日历调整" />
          ) : (
            <List mode="card">
              {overrides.data.overrides.map((o) => (
                <List.Item
                  key={o.id}
                  className="admin-override"
                  onClick={() => navigate(`/m/admin/calendar/${o.id}`)}
                  description={`${scopeName(o.scope)}　${o.reason}`}
                  extra={
                    <Tag color={o.kind === 'off' ? 'success' : 'warning'}>{o.kind === 'off' ? '放假' : '上班'}</Tag>
                  }
                >
                  {formatDate(o.date)}
                </List.Item>
              ))}
            </List>
          )}
        </>
      }
    />
  );
}

function NewOverride({ units, onSaved }: { units: { label: string; value: string }[]; onSaved: () => void }) {
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'off' | 'workday'>('off');
  const [scope, setScope] = useState(OFFICE);
  const [reason, setReason] = useState('');
  const { busy, failure, setFailure, run } = useSubmit();
  const save = async () => {
    if (!date) return setFailure('请选择日期');
    if (reason.trim().length < 2) return setFailure('请填写调整原因');
    const ok = await run(() => setDayOverride({ date, kind, reason: reason.trim(), scope }));
    if (ok) {
      Toast.show({ icon: 'success', content: '已调整，相关期限已重新计算' });
      onSaved();
    }
  };
  return (
    <div className="admin-override-form">
      <List mode="card" header="新增日历调整">
        <List.Item title="日期">
          <Input type="date" value={date} onChange={setDate} />
        </List.Item>
        <List.Item title="调整为">
          <Selector options={KINDS} value={[kind]} onChange={(v) => v[0] && setKind(v[0])} />
        </List.Item>
        <List.Item title="适用范围">
          <Selector columns={2} options={units} value={[scope]} onChange={(v) => v[0] && setScope(v[0])} />
        </List.Item>
        <List.Item title="原因">
          <Input value={reason} onChange={setReason} placeholder="如 临时停电闭馆" maxLength={200} />
        </List.Item>
      </List>
      <SaveFooter failure={failure} busy={busy} text="保存调整" onSave={save} />
    </div>
  );
}

function OverrideDetail({
  override,
  scopeName,
  onRemoved,
}: {
  override: DayOverride;
  scopeName: string;
  onRemoved: () => void;
}) {
  const [reason, setReason] = useState('');
  const { busy, failure, setFailure, run } = useSubmit();
  const remove = async () => {
    if (reason.trim().length < 2) return setFailure('请填写撤销原因');
    const ok = await run(() => removeDayOverride(override.id, reason.trim()));
    if (ok) {
      Toast.show({ icon: 'success', content: '已撤销，相关期限已重新计算' });
      onRemoved();
    }
  };
  return (
    <div className="admin-override-detail">
      <Card title={formatDate(override.date)}>
        <p>
          {scopeName}　{override.kind === 'off' ? '放假' : '上班'}
        </p>
        <p className="muted">原因：{override.reason}</p>
        <p className="muted">设置人：{override.createdBy}</p>
      </Card>
      <List mode="card" header="撤销此调整">
        <List.Item title="撤销原因">
          <Input value={reason} onChange={setReason} placeholder="如 通知取消" maxLength={200} />
        </List.Item>
      </List>
      <SaveFooter failure={failure} busy={busy} text="撤销调整" onSave={remove} danger />
    </div>
  );
}
