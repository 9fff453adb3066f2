import { Avatar, Button, Card, Dialog, List, Tag, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { useAuth, useMe } from '@/lib/auth';
import { hasRole, ROLE_NAMES, seesDashboard } from '@/lib/roles';
import { MyShiftsEntry } from './my-shifts-entry';
import { RemindersSection } from './reminders-section';

/** 我的: who I am, my units, the duty entries (我的班次 for those with shifts), and the reminders sent to me. */
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

      {seesDashboard(user) ? (
        <List mode="card">
          <List.Item
            className="meetings-entry"
            onClick={() => navigate('/m/meetings')}
            description="会议通知、回执与签到"
          >
            会议
          </List.Item>
        </List>
      ) : null}

      <List mode="card">
        <List.Item className="duty-entry" onClick={() => navigate('/m/duty')} description="24小时值班安排与交接班记录">
          值班表
        </List.Item>
        <MyShiftsEntry />
        {hasRole(user, 'supervision_office', 'meeting_office', 'leader') ? (
          <List.Item onClick={() => navigate('/m/petitions')} description="来访接待登记、值班电话记录">
            来访接待与电话记录
          </List.Item>
        ) : null}
        {hasRole(user, 'supervision_office', 'meeting_office', 'leader') ? (
          <List.Item
            className="research-entry"
            onClick={() => navigate('/m/research')}
            description="调研报告及发现问题转办"
          >
            调研报告
          </List.Item>
        ) : null}
      </List>

      {hasRole(user, 'staff', 'unit_head', 'supervision_office', 'meeting_office', 'leader') ? (
        <List mode="card">
          <List.Item
            className="information-entry"
            onClick={() => navigate('/m/information')}
            description="信息撰写、报送、采用与得分排名"
          >
            政务信息
          </List.Item>
        </List>
      ) : null}

      {hasRole(user, 'admin') ? (
        <List mode="card">
          <List.Item className="admin-entry" onClick={() => navigate('/m/admin')} description="用户与角色、审计日志等">
            系统管理
          </List.Item>
        </List>
      ) : null}

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
