import { List } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { usePageTitle } from '@/hooks/use-page-title';

const SECTIONS: { path: string; title: string; description: string }[] = [
  { path: '/m/admin/users', title: '用户与角色', description: '查找人员，授予或撤销角色' },
  { path: '/m/admin/audit', title: '审计日志', description: '按操作人、操作类别、对象和日期查询每一项变更' },
  { path: '/m/admin/templates', title: '审批模板', description: '将钉钉审批模板配置为收文或发文，节点对应办理环节' },
  { path: '/m/admin/rules', title: '时限规则', description: '查看各类时限及依据，调整本办时限' },
  { path: '/m/admin/calendar', title: '日历调整', description: '全办或某一单位的临时放假、调休上班' },
  { path: '/m/admin/meeting-types', title: '会议类型', description: '改名、停用或新增会议类型' },
  { path: '/m/admin/robots', title: '群机器人', description: '督查通报推送所用的群机器人：地址、加签、测试发送' },
  { path: '/m/admin/reminder-settings', title: '提醒设置', description: '办公时间、群机器人、预警与升级（只读）' },
  {
    path: '/m/admin/incident-rules',
    title: '应急信息报送时限',
    description: '突发事件各等级的电话初报、书面初报、续报时限和超时告知',
  },
];

/** 系统管理: the administrator's pages, reached from 我的. */
export function AdminHome() {
  usePageTitle('系统管理');
  const navigate = useNavigate();
  return (
    <div className="page admin-home">
      <List mode="card" header="系统管理">
        {SECTIONS.map((s) => (
          <List.Item key={s.path} data-section={s.path} description={s.description} onClick={() => navigate(s.path)}>
            {s.title}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
