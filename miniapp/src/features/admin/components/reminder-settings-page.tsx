import { Card, List } from 'antd-mobile';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { getReminderSettings } from '../api/settings';

/** A step in working days overdue; null is never, absent (an urgency that keeps the default) is 同默认. */
const days = (value: unknown) =>
  typeof value === 'number' ? `逾期${value}个工作日后` : value === undefined ? '同默认' : '不';

/** 提醒设置 (read only): office hours, group robots, warning and escalation steps, and where each is set. */
export function ReminderSettingsPage() {
  usePageTitle('提醒设置');
  const settings = useRequest((signal) => getReminderSettings(signal), []);
  if (settings.error && !settings.data) return <LoadFailed error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return <Loading />;
  const { officeHours, groupRobots, policy } = settings.data;
  const d = policy.defaults;
  return (
    <div className="page admin-reminder-settings">
      <Card>
        <p className="muted">
          以下设置来自服务器配置文件（.env）和提醒策略，此处只读。办公时间、群机器人由系统管理员在服务器上修改后重启生效；
          某一时限规则的提醒方式，可在「时限规则」中调整。
        </p>
      </Card>
      <List mode="card" header="办公时间">
        <List.Item extra={officeHours} description="配置项 REMINDER_OFFICE_HOURS；非紧急提醒只在工作日的办公时间内发送">
          发送时段
        </List.Item>
      </List>
      <List mode="card" header="群机器人">
        {groupRobots.length === 0 ? <List.Item>未配置（见「系统管理 → 群机器人」）</List.Item> : null}
        {groupRobots.map((r) => (
          <List.Item key={r.name} extra={r.signed ? '已加签' : '未加签'} description="在「系统管理 → 群机器人」中修改">
            {r.name}
          </List.Item>
        ))}
      </List>
      <List mode="card" header="预警与升级（默认；各规则可在「时限规则」中另行设置）">
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
