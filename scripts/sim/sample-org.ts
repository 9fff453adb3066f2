import type { OrgSeed } from './org';

/**
 * A small organisation with fixed ids for the DingTalk area's own tests, independent of the demo organisation
 * (which may grow with the demo).
 */
export const SAMPLE_ORG: OrgSeed = {
  departments: [
    { dept_id: 1, name: '某区人民政府办公室' },
    { dept_id: 2, name: '秘书科', parent_id: 1 },
    { dept_id: 3, name: '督查室', parent_id: 1 },
    { dept_id: 4, name: '综合科', parent_id: 1 },
    { dept_id: 5, name: '文电科', parent_id: 1 },
  ],
  users: [
    {
      userid: 'zhuren01',
      name: '王建国',
      title: '主任',
      dept_id_list: [1],
      leader_dept_ids: [1],
      boss: true,
      admin: true,
    },
    { userid: 'fuzhuren01', name: '李红梅', title: '副主任', dept_id_list: [1], manager_userid: 'zhuren01' },
    {
      userid: 'mishu01',
      name: '张伟',
      title: '秘书科科长',
      dept_id_list: [2],
      leader_dept_ids: [2],
      manager_userid: 'fuzhuren01',
    },
    { userid: 'mishu02', name: '刘洋', title: '秘书', dept_id_list: [2], manager_userid: 'mishu01' },
    {
      userid: 'duchashi01',
      name: '陈静',
      title: '督查室主任',
      dept_id_list: [3],
      leader_dept_ids: [3],
      manager_userid: 'fuzhuren01',
    },
    { userid: 'duchashi02', name: '赵磊', title: '督查专员', dept_id_list: [3], manager_userid: 'duchashi01' },
    {
      userid: 'zonghe01',
      name: '孙丽',
      title: '综合科科长',
      dept_id_list: [4],
      leader_dept_ids: [4],
      manager_userid: 'fuzhuren01',
    },
    {
      userid: 'wendian01',
      name: '周强',
      title: '文电科科长',
      dept_id_list: [5],
      leader_dept_ids: [5],
      manager_userid: 'fuzhuren01',
    },
    { userid: 'wendian02', name: '吴芳', title: '收文员', dept_id_list: [5], manager_userid: 'wendian01' },
  ],
  processes: [
    {
      processCode: 'PROC-DUBAN-FAWEN',
      name: '发文审批',
      approvers: [
        { actionType: 'NONE', userIds: ['mishu01'] },
        { actionType: 'NONE', userIds: ['zhuren01'] },
      ],
    },
    {
      processCode: 'PROC-DUBAN-SHOUWEN',
      name: '收文办理',
      approvers: [
        { actionType: 'NONE', userIds: ['wendian01'] },
        { actionType: 'OR', userIds: ['fuzhuren01', 'zhuren01'] },
      ],
    },
    {
      processCode: 'PROC-DUBAN-DUBAN',
      name: '督办事项',
      approvers: [{ actionType: 'AND', userIds: ['duchashi01', 'fuzhuren01'] }],
    },
  ],
};
