import { Button, Card, Input, List, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useSubmit } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { getReminderSettings, setOfficeHours, setOfficePolicy } from '../api/settings';
import { ReminderFieldsList, reminderFieldsOf, remindersOf } from './reminder-fields';
import { SaveFooter } from './save-footer';
import './admin.css';

/** A step in working days overdue; null is never, absent (an urgency that keeps the default) is 同默认. */
const days = (value: unknown) =>
  typeof value === 'number' ? `逾期${value}个工作日后` : value === undefined ? '同默认' : '不';

type Settings = Awaited<ReturnType<typeof getReminderSettings>>;

/** Office hours, changed here (held from the reminders' next pass, on every server) or back to the configuration's. */
function OfficeHoursCard({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const [open, close] = settings.officeHours.split('-');
  const [from, setFrom] = useState(open ?? '');
  const [to, setTo] = useState(close ?? '');
  const { busy, failure, setFailure, run } = useSubmit();
  const { source, by } = settings.officeHoursSet;
  const save = async (hours: string | null) => {
    if (hours !== null && !(from && to)) return setFailure('请填写开始和结束时间');
    if (await run(() => setOfficeHours(hours))) {
      Toast.show({ icon: 'success', content: '已保存，提醒自下一轮起按新时间发送' });
      onSaved();
    }
  };
  return (
    <List mode="card" header="办公时间">
      <List.Item description="非紧急提醒只在工作日的这段时间内发送（北京时间）；紧急事项不受限">
        <div className="admin-office-hours">
          <label htmlFor="office-hours-from">从</label>
          <Input id="office-hours-from" type="time" value={from} onChange={setFrom} />
          <label htmlFor="office-hours-to">至</label>
          <Input id="office-hours-to" type="time" value={to} onChange={setTo} />
        </div>
      </List.Item>
      <List.Item
        description={
          source === 'admin'
            ? `由管理员${by ? `（${by}）` : ''}在此设置；服务器配置为 ${settings.configuredOfficeHours}`
            : '当前为服务器配置项 REMINDER_OFFICE_HOURS 的值'
        }
        extra={
          source === 'admin' ? (
            <Button size="small" fill="none" color="primary" disabled={busy} onClick={() => save(null)}>
              恢复配置值
            </Button>
          ) : null
        }
      >
        当前 {settings.officeHours}
      </List.Item>
      <SaveFooter failure={failure} busy={busy} text="保存办公时间" onSave={() => save(`${from}-${to}`)} />
    </List>
  );
}

/** The office's default warnings and escalation: empty fields keep the built-in values shown as placeholders. */
function OfficePolicyCard({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { office, builtIn, officeSet } = settings.policy;
  const [fields, setFields] = useState(() => reminderFieldsOf(office));
  const { busy, failure, setFailure, run } = useSubmit();
  const changed = Object.keys(office).length > 0;
  const save = async (reset: boolean) => {
    const reminders = reset ? null : remindersOf(office, fields);
    if (typeof reminders === 'string') return setFailure(reminders);
    if (await run(() => setOfficePolicy(reminders))) {
      Toast.show({ icon: 'success', content: '已保存，自下一轮提醒起生效' });
      onSaved();
    }
  };
  return (
    <>
      <ReminderFieldsList
        header="本单位默认的预警与升级（留空则按系统默认；各规则可在「时限规则」中另行设置）"
        fields={fields}
        onChange={setFields}
        defaults={builtIn}
      />
      <List mode="card">
        <List.Item
          description={changed ? `由管理员${officeSet.by ? `（${officeSet.by}）` : ''}修改` : '当前为系统默认'}
          extra={
            changed ? (
              <Button size="small" fill="none" color="primary" disabled={busy} onClick={() => save(true)}>
                恢复系统默认
              </Button>
            ) : null
          }
        >
          默认提醒
        </List.Item>
        <SaveFooter failure={failure} busy={busy} text="保存默认提醒" onSave={() => save(false)} />
      </List>
    </>
  );
}

/** 提醒设置: office hours (editable), group robots, warning and escalation steps, and where each is set. */
export function ReminderSettingsPage() {
  usePageTitle('提醒设置');
  const settings = useRequest((signal) => getReminderSettings(signal), []);
  if (settings.error && !settings.data) return <LoadFailed error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return <Loading />;
  const { groupRobots, policy } = settings.data;
  const d = policy.defaults;
  return (
    <div className="page admin-reminder-settings">
      <Card>
        <p className="muted">
          办公时间可在此修改，保存后即生效。群机器人在「系统管理 → 群机器人」中维护；默认的预警与升级由提醒策略确定，
          某一时限规则的提醒方式，可在「时限规则」中调整。
        </p>
      </Card>
      <OfficeHoursCard key={settings.data.officeHours} settings={settings.data} onSaved={settings.reload} />
      <List mode="card" header="群机器人">
        {groupRobots.length === 0 ? <List.Item>未配置（见「系统管理 → 群机器人」）</List.Item> : null}
        {groupRobots.map((r) => (
          <List.Item key={r.name} extra={r.signed ? '已加签' : '未加签'} description="在「系统管理 → 群机器人」中修改">
            {r.name}
          </List.Item>
        ))}
      </List>
      <OfficePolicyCard key={JSON.stringify(policy.office)} settings={settings.data} onSaved={settings.reload} />
      <List mode="card" header="当前生效的默认提醒">
        <List.Item extra={d.warnings ? '发送' : '不发送'}>截止前预警</List.Item>
        <List.Item extra={d.dueDay ? '发送' : '不发送'}>到期当日提醒</List.Item>
        <List.Item extra={d.overdueEvery ? `每${String(d.overdueEvery)}个工作日` : '不发送'}>逾期提醒</List.Item>
        <List.Item extra={days(d.unitHeadAfter)}>告知单位负责人</List.Item>
        <List.Item extra={days(d.leaderAfter)}>告知分管领导</List.Item>
      </List>
      <List mode="card" header="按紧急程度">
        {Object.entries(policy.byUrgency).map(([variant, p]) => (
          <List.Item key={variant} extra={`单位负责人：${days(p.unitHeadAfter)}；分管领导：${days(p.leaderAfter)}`}>
            {variant === 'extra_urgent' ? '特急' : variant === 'urgent' ? '加急' : variant}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
