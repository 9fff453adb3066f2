/**
 * The office's default reminder policy: the built-in `DEFAULT_POLICY` with the fields an administrator changed in the
 * admin pages (提醒设置). The subject, urgency and per-rule layers (policy.ts) still apply over it. Read by every
 * planning pass, so a change holds from the next pass.
 */
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../entities';
import { DEFAULT_POLICY, type PolicyOverride, policyOverrideSchema, type ReminderPolicy } from './policy';
import { readSetting, writeSetting } from './stored-setting';

export interface OfficePolicySetting {
  /** What the office changed; empty while the built-in policy stands. */
  override: PolicyOverride;
  /** The built-in policy with the office's changes: layer 1 of every policy. */
  policy: ReminderPolicy;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export async function officePolicySetting(manager: EntityManager): Promise<OfficePolicySetting> {
  const row = await readSetting(manager, 'policy_defaults');
  // Saving checks the fields; a row that does not parse (edited by hand) leaves the built-in policy in force.
  const parsed = row ? policyOverrideSchema.safeParse(JSON.parse(row.value)) : null;
  const override = parsed?.success ? parsed.data : {};
  return {
    override,
    policy: Object.freeze({ ...DEFAULT_POLICY, ...override }),
    updatedBy: parsed?.success ? (row?.updatedBy ?? null) : null,
    updatedAt: parsed?.success ? (row?.updatedAt ?? null) : null,
  };
}

/** Sets the office's changes to the default policy (validated by the caller with `policyOverrideSchema`), audited. */
export async function saveOfficePolicy(manager: EntityManager, actorId: string, override: PolicyOverride | null) {
  const before = await officePolicySetting(manager);
  const kept = override && Object.keys(override).length > 0 ? override : null;
  if (kept === null && Object.keys(before.override).length === 0) return;
  await writeSetting(manager, actorId, 'policy_defaults', kept === null ? null : JSON.stringify(kept), {
    before: before.override as JsonObject,
    after: (kept ?? {}) as JsonObject,
  });
}
