import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';
import { personSchema } from '@/lib/organisation';
import { ROLES } from '@/lib/roles';

const configSchema = z.object({ demo: z.boolean(), corpId: z.string() });
const demoUsersSchema = z.object({
  users: z.array(personSchema.extend({ departmentName: z.string().nullable(), roles: z.array(z.enum(ROLES)) })),
});
export type DemoUser = z.infer<typeof demoUsersSchema>['users'][number];

const signedInSchema = z.object({ token: z.string(), expiresAt: z.string() });

export const getSignInConfig = (signal?: AbortSignal) => apiRequest('/auth/config', configSchema, { signal });

export const getDemoUsers = (signal?: AbortSignal) =>
  apiRequest('/auth/demo', demoUsersSchema, { signal }).then((r) => r.users);

export const signInAsDemoUser = (userId: string) =>
  apiRequest('/auth/demo', signedInSchema, { method: 'POST', body: { userId } });

/** The free-login code from DingTalk, exchanged by the server for the user and a session. */
export const signInWithDingTalkCode = (code: string) =>
  apiRequest('/auth/dingtalk', signedInSchema, { method: 'POST', body: { code } });
