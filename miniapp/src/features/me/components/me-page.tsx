import { Avatar, Button, Card, Dialog, List, Tag, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { useAuth, useMe } from '@/lib/auth';
import { ROLE_NAMES } from '@/lib/roles';
import { RemindersSection } from './reminders-section';
import { WorkEntries } from './work-entries';

/** 我的: who I am, my units, the entries to the office's work (WorkEntries), and the reminders sent to me. */
export function MePage() {
  usePageTitle('我的');
  const { user, departments } = useMe();
  const { signOut, signOutEverywhere } = useAuth();
  const navigate = useNavigate();
  return (
    <div className="page me-page">
      <Card className="profile">
        <div className="profile-row">
          <Avatar
            src=""
            className="profile-avatar"
            fallback={<span className="avatar-text">{user.name.slice(-2)}</span>}
          />
          <div>
            <div className="profile-name">{user.name}</div>
            <div className="muted">{user.title ?? ''}</div>
            <div className="tag-row">
              {user.roles.map((r) => (
                <Tag key={`${r.role}/${r.scope}`} color="primary" fill="outline">
                  {ROLE_NAMES[r.role]}
                </Tag>
              ))}
            </div>
          </div>
        </div>
      </Card>

      <List header="我的单位" mode="card">
        {departments.length === 0 ? <List.Item>未加入任何单位</List.Item> : null}
        {departments.map((d) => (
          <List.Item
            key={d.id}
            extra={
              d.isHead ? (
                <Tag color="warning" fill="outline">
                  负责人
                </Tag>
              ) : undefined
            }
            description={d.primary ? '主部门' : undefined}
          >
            {d.name}
          </List.Item>
        ))}
      </List>

      <WorkEntries />

      <RemindersSection />

      <List mode="card">
        <List.Item
          className="sign-out-everywhere"
          description="手机遗失或在他人设备上登录过时使用"
          onClick={async () => {
            const confirmed = await Dialog.confirm({
              content: '将退出您在所有设备上的登录，包括本机。确定退出吗？',
              confirmText: '全部退出',
            });
            if (!confirmed) return;
            try {
              await signOutEverywhere();
              navigate('/m/signin', { replace: true });
            } catch (err) {
              Toast.show({ content: errorText(err) });
            }
          }}
        >
          退出所有设备
        </List.Item>
      </List>

      {user.via === 'demo' ? (
        <div className="page-footer">
          <Button
            block
            onClick={async () => {
              await signOut();
              navigate('/m/signin', { replace: true });
            }}
          >
            切换演示用户
          </Button>
        </div>
      ) : null}
    </div>
  );
}
