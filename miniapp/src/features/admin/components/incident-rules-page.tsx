import { Button, Input, List, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useSubmit } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { formatInstant } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import {
  getIncidentRules,
  type IncidentRule,
  type IncidentRuleBody,
  resetIncidentRule,
  saveIncidentRule,
} from '../api/incident-rules';
import { SaveFooter } from './save-footer';
import './admin.css';

const FIELDS: { key: keyof IncidentRuleBody; label: string; unit: string; optional?: boolean }[] = [
  { key: 'phoneMinutes', label: '电话初报', unit: '分钟内（空为不要求）', optional: true },
  { key: 'writtenMinutes', label: '书面初报', unit: '分钟内' },
  { key: 'followUpHours', label: '续报间隔', unit: '小时（空为不要求）', optional: true },
  { key: 'warnMinutes', label: '提前提醒', unit: '分钟' },
  { key: 'escalateMinutes', label: '超时后告知带班领导', unit: '分钟' },
];

/** One level's rule: its five numbers, saved together (checked by the server), or back to the default. */
function LevelRule({ rule, onSaved }: { rule: IncidentRule; onSaved: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(FIELDS.map((f) => [f.key, rule[f.key] === null ? '' : String(rule[f.key])])),
  );
  const { busy, failure, run } = useSubmit();
  const save = async () => {
    const body = Object.fromEntries(
      FIELDS.map((f) => [f.key, values[f.key] === '' && f.optional ? null : Number(values[f.key])]),
    ) as unknown as IncidentRuleBody;
    if (await run(() => saveIncidentRule(rule.level, body))) {
      Toast.show({ icon: 'success', content: '已保存，此后登记的突发事件按新时限计算' });
      onSaved();
    }
  };
  return (
    <List
      mode="card"
      header={`${rule.levelName}${rule.changed ? '（本办已调整）' : '（默认）'}`}
      className="incident-rule"
      data-level={rule.level}
    >
      {FIELDS.map((f) => (
        <List.Item key={f.key} extra={f.unit}>
          <div className="admin-office-hours">
            <span>{f.label}</span>
            <Input
              type="number"
              placeholder={f.optional ? '不要求' : '请填写'}
              aria-label={`${rule.levelName}${f.label}`}
              value={values[f.key]}
              onChange={(v) => setValues({ ...values, [f.key]: v })}
            />
          </div>
        </List.Item>
      ))}
      {rule.changed ? (
        <List.Item
          description={`由${rule.updatedBy?.name ?? '管理员'}于${formatInstant(rule.updatedAt ?? '')}调整`}
          extra={
            <Button
              size="small"
              fill="none"
              color="primary"
              disabled={busy}
              onClick={async () => {
                if (await run(() => resetIncidentRule(rule.level))) onSaved();
              }}
            >
              恢复默认
            </Button>
          }
        >
          调整记录
        </List.Item>
      ) : null}
      <SaveFooter failure={failure} busy={busy} text={`保存${rule.levelName}时限`} onSave={save} />
    </List>
  );
}

/** 应急信息报送时限: each level's limits in minutes from 接报时间, with the note to verify them. */
export function IncidentRulesPage() {
  usePageTitle('应急信息报送时限');
  const rules = useRequest((signal) => getIncidentRules(signal), []);
  if (rules.error && !rules.data) return <LoadFailed error={rules.error} onRetry={rules.reload} />;
  if (!rules.data) return <Loading />;
  return (
    <div className="page incident-rules-page">
      <p className="muted" style={{ padding: '8px 16px' }}>
        {rules.data.note}
      </p>
      {rules.data.rules.map((r) => (
        <LevelRule key={`${r.level}-${r.updatedAt ?? 'default'}`} rule={r} onSaved={rules.reload} />
      ))}
    </div>
  );
}
