import type { DepartmentKind, Role } from '../../entities';

/**
 * The demo's district government office: 区政府办公室 with its sections, the district leaders, and several
 * 区直 units, each with a head and staff. Ids stand in for DingTalk dept_id and userid.
 */
export interface DemoDepartment {
  id: string;
  name: string;
  kind: DepartmentKind;
  parentId: string | null;
  /** 分管领导. */
  leaderUserId?: string;
}

export interface DemoUser {
  id: string;
  name: string;
  title: string;
  departmentId: string;
  head?: boolean;
  roles: { role: Role; scope?: string }[];
}

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { id: '1', name: '区人民政府', kind: 'office', parentId: null },
  { id: '10', name: '区政府领导', kind: 'leadership', parentId: '1' },
  { id: '20', name: '区政府办公室', kind: 'office', parentId: '1', leaderUserId: 'zhaozhiqiang' },
  { id: '21', name: '秘书科', kind: 'section', parentId: '20', leaderUserId: 'zhaozhiqiang' },
  { id: '22', name: '督查室', kind: 'section', parentId: '20', leaderUserId: 'zhaozhiqiang' },
  { id: '23', name: '综合科', kind: 'section', parentId: '20', leaderUserId: 'zhaozhiqiang' },
  { id: '31', name: '区发展和改革委员会', kind: 'unit', parentId: '1', leaderUserId: 'liming' },
  { id: '32', name: '区财政局', kind: 'unit', parentId: '1', leaderUserId: 'liming' },
  { id: '33', name: '区住房和城乡建设局', kind: 'unit', parentId: '1', leaderUserId: 'chenjing' },
  { id: '34', name: '区教育局', kind: 'unit', parentId: '1', leaderUserId: 'chenjing' },
  { id: '35', name: '区民政局', kind: 'unit', parentId: '1', leaderUserId: 'chenjing' },
];

export const DEMO_USERS: DemoUser[] = [
  { id: 'wangjianguo', name: '王建国', title: '区长', departmentId: '10', roles: [{ role: 'leader' }] },
  { id: 'liming', name: '李明', title: '常务副区长', departmentId: '10', roles: [{ role: 'leader' }] },
  { id: 'chenjing', name: '陈静', title: '副区长', departmentId: '10', roles: [{ role: 'leader' }] },
  {
    id: 'zhaozhiqiang',
    name: '赵志强',
    title: '区政府办公室主任',
    departmentId: '20',
    head: true,
    roles: [{ role: 'leader' }, { role: 'unit_head', scope: '20' }],
  },
  {
    id: 'sunli',
    name: '孙丽',
    title: '督查室主任',
    departmentId: '22',
    head: true,
    roles: [{ role: 'supervision_office' }, { role: 'unit_head', scope: '22' }],
  },
  { id: 'zhoutao', name: '周涛', title: '督查室科员', departmentId: '22', roles: [{ role: 'supervision_office' }] },
  {
    id: 'wufang',
    name: '吴芳',
    title: '秘书科科长',
    departmentId: '21',
    head: true,
    roles: [{ role: 'unit_head', scope: '21' }, { role: 'meeting_office' }],
  },
  {
    id: 'zhenglei',
    name: '郑磊',
    title: '秘书科科员',
    departmentId: '21',
    roles: [{ role: 'staff' }, { role: 'meeting_office' }],
  },
  {
    id: 'qianwei',
    name: '钱伟',
    title: '综合科科长',
    departmentId: '23',
    head: true,
    roles: [{ role: 'unit_head', scope: '23' }, { role: 'admin' }],
  },
  {
    id: 'fenggang',
    name: '冯刚',
    title: '区发改委主任',
    departmentId: '31',
    head: true,
    roles: [{ role: 'unit_head', scope: '31' }],
  },
  { id: 'hemin', name: '何敏', title: '区发改委科员', departmentId: '31', roles: [{ role: 'staff' }] },
  {
    id: 'xuqiang',
    name: '许强',
    title: '区财政局局长',
    departmentId: '32',
    head: true,
    roles: [{ role: 'unit_head', scope: '32' }],
  },
  { id: 'caoxue', name: '曹雪', title: '区财政局科员', departmentId: '32', roles: [{ role: 'staff' }] },
  {
    id: 'hanbing',
    name: '韩冰',
    title: '区住建局局长',
    departmentId: '33',
    head: true,
    roles: [{ role: 'unit_head', scope: '33' }],
  },
  { id: 'yangfan', name: '杨帆', title: '区住建局科员', departmentId: '33', roles: [{ role: 'staff' }] },
  {
    id: 'zhudan',
    name: '朱丹',
    title: '区教育局局长',
    departmentId: '34',
    head: true,
    roles: [{ role: 'unit_head', scope: '34' }],
  },
  { id: 'qinyue', name: '秦悦', title: '区教育局科员', departmentId: '34', roles: [{ role: 'staff' }] },
  {
    id: 'shenhong',
    name: '沈红',
    title: '区民政局局长',
    departmentId: '35',
    head: true,
    roles: [{ role: 'unit_head', scope: '35' }],
  },
  { id: 'hanlu', name: '韩露', title: '区民政局科员', departmentId: '35', roles: [{ role: 'staff' }] },
];
