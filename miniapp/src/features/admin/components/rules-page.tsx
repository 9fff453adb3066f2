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

function RuleForm({ rule, stored, onSaved }: { rule: Rule; stored: Record<string, unknown>; onSaved: () => void }) {
  const [amount, setAmount] = useState(String(rule.amount));
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
    // The stored override keeps its other fields (warnings…); only these change.
    const { reminders: _, ...rest } = stored;
    const definition = {
      ...rest,
      amount: n,
      unit,
      ...(unit === 'month' ? {} : { countReceiptDay }),
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
      </List>
      <ReminderFieldsList header="提醒（留空则按默认，见「提醒设置」）" fields={reminders} onChange={setReminders} />
      <SaveFooter failure={failure} busy={busy} text="保存规则" onSave={save} />
    </div>
  );
}
