export const ROLES = ['staff', 'unit_head', 'supervision_office', 'meeting_office', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  staff: '工作人员',
  unit_head: '单位负责人',
  supervision_office: '督查室',
  meeting_office: '会务',
  leader: '领导',
  admin: '管理员',
};

/** Whether someone holds one of `roles`; an administrator holds every role, as on the server. */
export function hasRole(user: { roles: { role: Role }[] }, ...roles: Role[]): boolean {
  return user.roles.some((r) => r.role === 'admin' || roles.includes(r.role));
}

/** Leaders and the supervision office have the dashboard among their tabs (so 会议 is reached from 我的). */
export const seesDashboard = (user: { roles: { role: Role }[] }) => hasRole(user, 'leader', 'supervision_office');
