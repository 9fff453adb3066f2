import { z } from 'zod';
import { apiRequest } from '@/lib/api-client';

export type IncidentLevel = 'extraordinary' | 'major' | 'large' | 'general';

const person = z.object({ id: z.string(), name: z.string() });

const ruleSchema = z.object({
  level: z.enum(['extraordinary', 'major', 'large', 'general']),
  levelName: z.string(),
  phoneMinutes: z.number().nullable(),
  writtenMinutes: z.number(),
  followUpHours: z.number().nullable(),
  warnMinutes: z.number(),
  escalateMinutes: z.number(),
  changed: z.boolean(),
  updatedBy: person.nullable(),
  updatedAt: z.string().nullable(),
});
export type IncidentRule = z.infer<typeof ruleSchema>;
export type IncidentRuleBody = Pick<
  IncidentRule,
  'phoneMinutes' | 'writtenMinutes' | 'followUpHours' | 'warnMinutes' | 'escalateMinutes'
>;

const rulesSchema = z.object({ rules: z.array(ruleSchema), note: z.string() });

/** The reporting limits per level, the note to verify them, and the suggested 报送对象. */
export const getIncidentRules = (signal?: AbortSignal) => apiRequest('/duty/incident-rules', rulesSchema, { signal });

export const saveIncidentRule = (level: IncidentLevel, body: IncidentRuleBody) =>
  apiRequest(`/duty/incident-rules/${level}`, rulesSchema, { method: 'PUT', body });

export const resetIncidentRule = (level: IncidentLevel) =>
  apiRequest(`/duty/incident-rules/${level}`, rulesSchema, { method: 'DELETE' });
