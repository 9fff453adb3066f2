import { Card, Input, List, SearchBar, Selector, Switch, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useSubmit } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { useRequest } from '@/lib/use-request';
import { type LimitUnit, listRuleOverrides, listRules, type Rule, setRule } from '../api/settings';
import { ReminderFieldsList, reminderFieldsOf, remindersOf } from './reminder-fields';
import { SaveFooter } from './save-footer';
import { SplitView } from './split-view';

const UNITS: { label: string; value: LimitUnit }[] = [
  { label: '工作日', value: 'workday' },
  { label: '自然日', value: 'day' },
  { label: '个月', value: 'month' },
];
const unitName = (unit: LimitUnit) => UNITS.find((u) => u.value === unit)?.label ?? unit;

/** 时限规则: each rule's limit, its legal or office basis, and the office's change to it. */
export function RulesPage() {
  usePageTitle('时限规则');
  const { code } = useParams();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const rules = useRequest(async (signal) => {
    const [{ rules }, { overrides }] = await Promise.all([listRules(signal), listRuleOverrides(signal)]);
    return { rules, overrides: new Map(overrides.map((o) => [o.code, o.definition])) };
  }, []);
  const selected = rules.data?.rules.find((r) => r.code === code);
  const shown = rules.data?.rules.filter((r) => !q || r.name.includes(q.trim()) || r.code.includes(q.trim())) ?? [];
  return (
    <SplitView
      className="admin-rules"
      placeholder="请在左侧选择时限规则"
      onBack={() => navigate('/m/admin/rules')}
      detail={
        selected ? (
          <RuleForm
            key={selected.code}
            rule={selected}
            stored={rules.data?.overrides.get(selected.code) ?? {}}
            onSaved={rules.reload}
          />
        ) : null
      }
      list={
        <>
          <div className="page-toolbar">
            <SearchBar placeholder="规则名称" value={q} onChange={setQ} />
          </div>
          {rules.error && !rules.data ? (
            <LoadFailed error={rules.error} onRetry={rules.reload} />
          ) : !rules.data ? (
            <Loading />
          ) : (
            <List mode="card">
              {shown.map((r) => (
                <List.Item
                  key={r.code}
                  className="admin-rule"
                  data-code={r.code}
                  onClick={() => navigate(`/m/admin/rules/${encodeURIComponent(r.code)}`)}
                  description={rules.data?.overrides.has(r.code) ? '本办调整' : r.source.citation}
                  extra={`${r.amount}${unitName(r.unit)}`}
                >
                  {r.name}
                </List.Item>
              ))}
            </List>
          )}
        </>
      }
    />
  );
}

type Warning = NonNullable<Rule['warnings']>[number];

/** A rule's warning points as the form shows them: 3 (three working days before the due day), 50% (half the time). */
const warningsText = (warnings: readonly Warning[] = []) =>
  warnings
    .map((w) => (w.kind === 'span_fraction' ? `${Math.round((w.fraction ?? 0) * 100)}%` : String(w.workdays)))
    .join(', ');

/** The warning points typed, keeping a point's time of day where it stays; or a Chinese reason they are not valid. */
function warningsOf(text: string, current: readonly Warning[] = []): Warning[] | string {
  const points: Warning[] = [];
  for (const token of text.split(/[,，、\s]+/).filter(Boolean)) {
    const percent = /^(\d{1,2})%$/.exec(token);
    const days = Number(token);
    if (percent && Number(percent[1]) >= 1) points.push({ kind: 'span_fraction', fraction: Number(percent[1]) / 100 });
    else if (Number.isInteger(days) && days >= 1 && days <= 60) {
      const same = current.find((w) => w.kind === 'workdays_before' && w.workdays === days);
      points.push(same ?? { kind: 'workdays_before', workdays: days });
    } else return `预警时点「${token}」有误：应为截止前的工作日数（1至60），或时限已过的百分比（如 50%）`;
  }
  return points;
}

function RuleForm({ rule, stored, onSaved }: { rule: Rule; stored: Record<string, unknown>; onSaved: () => void }) {
  const [amount, setAmount] = useState(String(rule.amount));
  const [warnings, setWarnings] = useState(() => warningsText(rule.warnings));
  const storedReminders = stored.reminders as Record<string, unknown> | undefined;
  const [reminders, setReminders] = useState(() => reminderFieldsOf(storedReminders));
  const [unit, setUnit] = useState<LimitUnit>(rule.unit);
  const [countReceiptDay, setCountReceiptDay] = useState(rule.countReceiptDay ?? false);
  const { busy, failure, setFailure, run } = useSubmit();
  const save = async () => {
    const n = Number(amount);
    if (!Number.isInteger(n) || n < 1 || n > 3660) return setFailure('时限应为1至3660之间的整数');
    const reminded = remindersOf(storedReminders, reminders);
    if (typeof reminded === 'string') return setFailure(reminded);
    const changedWarnings =
      warnings.trim() === warningsText(rule.warnings) ? null : warningsOf(warnings, rule.warnings);
    if (typeof changedWarnings === 'string') return setFailure(changedWarnings);
    // The stored override keeps its other fields (warnings…); only these change.
    const { reminders: _, ...rest } = stored;
    const definition = {
      ...rest,
      amount: n,
      unit,
      ...(unit === 'month' ? {} : { countReceiptDay }),
      ...(changedWarnings ? { warnings: changedWarnings } : {}),
      ...(Object.keys(reminded).length ? { reminders: reminded } : {}),
    };
    const ok = await run(() => setRule(rule.code, definition));
    if (ok) {
      Toast.show({ icon: 'success', content: '规则已保存，相关期限已重新计算' });
      onSaved();
    }
  };
  return (
    <div className="admin-rule-form">
      <Card title={rule.name}>
        <p className="muted">
          {rule.code}　起算：{rule.anchor}
        </p>
        <p className="muted">依据：{rule.source.citation}</p>
      </Card>
      <List mode="card" header="时限">
        <List.Item title="期限">
          <Input type="number" value={amount} onChange={setAmount} min={1} max={3660} />
        </List.Item>
        <List.Item title="单位">
          <Selector options={UNITS} value={[unit]} onChange={(v) => v[0] && setUnit(v[0])} />
        </List.Item>
        {unit === 'month' ? null : (
          <List.Item
            extra={<Switch checked={countReceiptDay} onChange={setCountReceiptDay} />}
            description="默认不计收到当日"
          >
            当日计入
          </List.Item>
        )}
        <List.Item
          title="预警时点"
          description="截止前的工作日数，或时限已过的百分比，以逗号分隔，如「3, 1」或「50%」；清空为不预警"
        >
          <Input value={warnings} onChange={setWarnings} placeholder="不预警" />
        </List.Item>
      </List>
      <ReminderFieldsList header="提醒（留空则按默认，见「提醒设置」）" fields={reminders} onChange={setReminders} />
      <SaveFooter failure={failure} busy={busy} text="保存规则" onSave={save} />
    </div>
  );
}
