import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';

/** The custom group robots bulletins go through: the admin pages' own and the server configuration's (read-only). */

const robotSchema = z.object({
  name: z.string(),
  /** The webhook with its access token masked. */
  webhook: z.string(),
  /** The 加签 secret masked (`SEC…abcd`); null when the robot signs nothing. */
  secret: z.string().nullable(),
  purpose: z.string(),
  /** `admin`: kept here; `config`: DINGTALK_GROUP_ROBOTS on the server, read-only. */
  source: z.enum(['admin', 'config']),
  overridesConfig: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type GroupRobotRow = z.infer<typeof robotSchema>;

const robotsAnswer = z.object({ robots: z.array(robotSchema) });

export const listRobots = (signal?: AbortSignal) => apiRequest('/admin/robots', robotsAnswer, { signal });

/** `webhook` and `secret` absent keep the stored ones; `secret: ''` makes the robot sign nothing. */
export const saveRobot = (name: string, body: { webhook?: string; secret?: string; purpose: string }) =>
  apiRequest(`/admin/robots/${encodeURIComponent(name)}`, robotsAnswer, { method: 'PUT', body });

export const deleteRobot = (name: string) =>
  apiRequest(`/admin/robots/${encodeURIComponent(name)}`, robotsAnswer, { method: 'DELETE' });

export const testRobot = (name: string) =>
  apiRequest(`/admin/robots/${encodeURIComponent(name)}/test`, z.object({ sent: z.boolean() }), { method: 'POST' });
