import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { ROLES, type Role } from '@/lib/roles';

const roleSchema = z.object({
  role: z.enum(ROLES),
  scope: z.string(),
  scopeName: z.string().nullable(),
  grantedBy: z.string().nullable(),
  grantedAt: z.string(),
});
export type UserRoleView = z.infer<typeof roleSchema>;

const userRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  active: z.boolean(),
  departmentName: z.string().nullable(),
  roles: z.array(roleSchema),
});
export type UserRow = z.infer<typeof userRowSchema>;

const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const userDetailSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    active: z.boolean(),
    origin: z.string(),
  }),
  departments: z.array(z.object({ id: z.string(), name: z.string(), isHead: z.boolean(), primary: z.boolean() })),
  roles: z.array(roleSchema),
  history: z.array(auditEntrySchema),
});
export type UserDetail = z.infer<typeof userDetailSchema>;

const rolesAnswer = z.object({ roles: z.array(roleSchema) });

export const PAGE_SIZE = 30;

export const listUsers = (
  query: { q?: string; departmentId?: string; role?: Role; offset?: number },
  signal?: AbortSignal,
) =>
  apiRequest('/admin/users', z.object({ total: z.number(), users: z.array(userRowSchema) }), {
    query: { ...query, limit: PAGE_SIZE },
    signal,
  });

export const getUser = (id: string, signal?: AbortSignal) =>
  apiRequest(`/admin/users/${encodeURIComponent(id)}`, userDetailSchema, { signal });

export const grantRole = (userId: string, body: { role: Role; scope?: string | null }) =>
  apiRequest(`/admin/users/${encodeURIComponent(userId)}/roles`, rolesAnswer, { method: 'POST', body });

export const revokeRole = (userId: string, body: { role: Role; scope: string; reason?: string | null }) =>
  apiRequest(`/admin/users/${encodeURIComponent(userId)}/roles/revoke`, rolesAnswer, { method: 'POST', body });

export interface AuditQuery {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
  before?: number;
}

export const readAudit = (query: AuditQuery, signal?: AbortSignal) =>
  apiRequest('/admin/audit', z.object({ entries: z.array(auditEntrySchema), next: z.number().nullable() }), {
    query: { ...query, limit: PAGE_SIZE },
    signal,
  });
