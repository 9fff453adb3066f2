import { Button, Card, Dialog, Input, List, Switch, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useSubmit } from '@/components/form-popup';
import { Empty, LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { deleteRobot, type GroupRobotRow, listRobots, saveRobot, testRobot } from '../api/robots';
import { SaveFooter } from './save-footer';
import { SplitView } from './split-view';

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const WEBHOOK = /^https:\/\/oapi\.dingtalk\.com\/robot\/send\?access_token=[A-Za-z0-9_-]+$/;

/** 群机器人: the custom robots bulletins go through, kept here or given by the server's configuration. */
export function RobotsPage() {
  usePageTitle('群机器人');
  const { name } = useParams();
  const navigate = useNavigate();
  const robots = useRequest((signal) => listRobots(signal), []);
  const selected = robots.data?.robots.find((r) => r.name === name);
  const back = () => navigate('/m/admin/robots');
  const changed = (to?: string) => {
    robots.reload();
    if (to !== undefined) navigate(`/m/admin/robots/${encodeURIComponent(to)}`);
  };
  return (
    <SplitView
      className="admin-robots"
      placeholder="请在左侧选择群机器人"
      onBack={back}
      detail={
        name === 'new' ? (
          <RobotForm key="new" onSaved={changed} />
        ) : selected ? (
          <RobotForm key={selected.name} robot={selected} onSaved={changed} />
        ) : null
      }
      list={
        robots.error && !robots.data ? (
          <LoadFailed error={robots.error} onRetry={robots.reload} />
        ) : !robots.data ? (
          <Loading />
        ) : (
          <List mode="card" header="群机器人">
            {robots.data.robots.length === 0 ? <Empty text="尚无群机器人：督查通报不会推送到群" /> : null}
            {robots.data.robots.map((r) => (
              <List.Item
                key={r.name}
                className="admin-robot"
                data-name={r.name}
                onClick={() => navigate(`/m/admin/robots/${encodeURIComponent(r.name)}`)}
                description={r.purpose || r.webhook}
                extra={
                  <>
                    {r.source === 'config' ? <Tag color="default">配置文件</Tag> : null}
                    <Tag color={r.secret ? 'primary' : 'warning'} fill="outline">
                      {r.secret ? '已加签' : '未加签'}
                    </Tag>
                  </>
                }
              >
                {r.name}
              </List.Item>
            ))}
            <List.Item onClick={() => navigate('/m/admin/robots/new')}>＋ 新增群机器人</List.Item>
          </List>
        )
      }
    />
  );
}

function RobotForm({ robot, onSaved }: { robot?: GroupRobotRow; onSaved: (name?: string) => void }) {
  const [name, setName] = useState(robot?.name ?? '');
  const [webhook, setWebhook] = useState('');
  const [signed, setSigned] = useState(robot ? robot.secret !== null : true);
  const [secret, setSecret] = useState('');
  const [purpose, setPurpose] = useState(robot?.purpose ?? '');
  const { busy, failure, setFailure, run } = useSubmit();
  const own = robot?.source === 'admin';
  const save = async () => {
    const key = name.trim();
    if (!NAME.test(key)) return setFailure('名称只能由字母、数字、下划线或连字符组成（如 supervision）');
    if ((!own || webhook.trim()) && !WEBHOOK.test(webhook.trim())) {
      return setFailure(
        '请填写机器人设置中复制的完整 Webhook 地址：https://oapi.dingtalk.com/robot/send?access_token=…',
      );
    }
    if (signed && secret.trim() && !secret.trim().startsWith('SEC')) return setFailure('加签密钥应以 SEC 开头');
    if (signed && !secret.trim() && !(own && robot?.secret)) return setFailure('请填写加签密钥，或关闭「加签」');
    const body = {
      purpose: purpose.trim(),
      ...(webhook.trim() ? { webhook: webhook.trim() } : {}),
      ...(!signed ? { secret: '' } : secret.trim() ? { secret: secret.trim() } : {}),
    };
    if (await run(() => saveRobot(key, body))) {
      Toast.show({ icon: 'success', content: '已保存' });
      setWebhook('');
      setSecret('');
      onSaved(key);
    }
  };
  const sendTest = async () => {
    if (robot && (await run(() => testRobot(robot.name)))) Toast.show({ icon: 'success', content: '测试消息已发出' });
  };
  const remove = async () => {
    if (!robot || !(await Dialog.confirm({ content: `删除群机器人「${robot.name}」？` }))) return;
    if (await run(() => deleteRobot(robot.name))) {
      Toast.show({ icon: 'success', content: '已删除' });
      onSaved();
    }
  };
  const keep = (current: string | null | undefined) => (own && current ? `当前 ${current}，留空则不变` : undefined);
  return (
    <div className="admin-robot-form">
      <Card title={robot ? robot.name : '新增群机器人'}>
        {robot?.source === 'config' ? (
          <p className="muted">
            来自服务器配置项 DINGTALK_GROUP_ROBOTS（只读）。在此保存即以同名机器人取代它；删除所存机器人后恢复配置项。
          </p>
        ) : null}
        {robot?.overridesConfig ? <p className="muted">已取代配置项 DINGTALK_GROUP_ROBOTS 中的同名机器人。</p> : null}
        {robot ? <p className="muted">Webhook：{robot.webhook}</p> : null}
      </Card>
      <List mode="card">
        {robot ? null : (
          <List.Item title="名称">
            <Input value={name} onChange={setName} placeholder="如 supervision（督查通报用此名）" maxLength={64} />
          </List.Item>
        )}
        <List.Item title="Webhook 地址">
          <Input
            value={webhook}
            onChange={setWebhook}
            placeholder={keep(robot?.webhook) ?? '群设置 → 机器人 → 复制 Webhook'}
          />
        </List.Item>
        <List.Item extra={<Switch checked={signed} onChange={setSigned} />}>加签</List.Item>
        {signed ? (
          <List.Item title="加签密钥">
            <Input value={secret} onChange={setSecret} placeholder={keep(robot?.secret) ?? '以 SEC 开头'} />
          </List.Item>
        ) : null}
        <List.Item title="用途">
          <Input value={purpose} onChange={setPurpose} placeholder="如 督查通报推送至督查室工作群" maxLength={200} />
        </List.Item>
      </List>
      {robot ? (
        <div className="admin-robot-actions">
          <Button size="small" loading={busy} onClick={sendTest}>
            发送测试消息
          </Button>
          {own ? (
            <Button size="small" color="danger" fill="outline" loading={busy} onClick={remove}>
              删除
            </Button>
          ) : null}
        </div>
      ) : null}
      <SaveFooter failure={failure} busy={busy} text="保存" onSave={save} />
    </div>
  );
}
