import { DEFAULT_RULES } from './default-rules';
import { TimeLimitError } from './errors';
import { parseRule, type TimeLimitRule } from './rule';

/** An administrator's change to a rule (only the fields given change) or a whole new rule. */
export type RuleOverride = Partial<TimeLimitRule> & { code: string };

/** Fields that decide the due date: changing one of them makes the limit the office's own choice. */
const LIMIT_FIELDS = ['amount', 'unit', 'dayOfMonth', 'countReceiptDay', 'rollForward'] as const;

/** The validated set of rules in force, looked up by code. Immutable: overrides produce a new book. */
export class RuleBook {
  private readonly rules = new Map<string, TimeLimitRule>();

  constructor(rules: readonly unknown[] = DEFAULT_RULES) {
    for (const input of rules) {
      const rule = parseRule(input);
      if (this.rules.has(rule.code)) {
        throw new TimeLimitError(
          'invalid_rule',
          `rule ${rule.code} is defined twice`,
          `时限规则 ${rule.code} 重复定义`,
        );
      }
      this.rules.set(rule.code, rule);
    }
  }

  get(code: string): TimeLimitRule {
    const rule = this.rules.get(code);
    if (!rule) {
      throw new TimeLimitError(
        'unknown_rule',
        `unknown time-limit rule ${JSON.stringify(code)}`,
        `没有时限规则 ${JSON.stringify(code)}`,
      );
    }
    return rule;
  }

  has(code: string): boolean {
    return this.rules.has(code);
  }

  list(): TimeLimitRule[] {
    return [...this.rules.values()];
  }

  /**
   * A new book with the administrator's overrides applied over this one. An override that changes the limit
   * of a rule without giving its own source is marked as an office default, citing what it replaced.
   */
  withOverrides(overrides: readonly RuleOverride[]): RuleBook {
    const merged = new Map(this.rules);
    for (const override of overrides) {
      const base = this.rules.get(override.code);
      const rule: Partial<TimeLimitRule> = { ...base, ...override };
      if (
        base &&
        !override.source &&
        LIMIT_FIELDS.some((field) => field in override && override[field] !== base[field])
      ) {
        rule.source = { basis: 'office_default', citation: `本办调整（原规定：${base.source.citation}）` };
      }
      merged.set(override.code, parseRule(rule));
    }
    return new RuleBook([...merged.values()]);
  }
}
