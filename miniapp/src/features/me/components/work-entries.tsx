import { List } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useMe } from '@/lib/auth';
import { hasRole, seesDashboard } from '@/lib/roles';
import { MyShiftsEntry } from './my-shifts-entry';

/** The entries of 我的 to the office's work, each for the roles that may use it: 会议, 值班, 调研, 办公室台账, 政务信息, 系统管理. */
export function WorkEntries() {
  const { user } = useMe();
  const navigate = useNavigate();
  return (
    <>
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
        {hasRole(user, 'supervision_office', 'meeting_office', 'leader') ? (
          <List.Item
            className="ledgers-entry"
            onClick={() => navigate('/m/ledgers')}
            description="荣誉、接待、简报及专项工作台账"
          >
            办公室台账
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
    </>
  );
}
