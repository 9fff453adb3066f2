import { Input, List, Selector } from 'antd-mobile';

/**
 * Reminder settings as a form holds them, for one rule (时限规则) or for the office's defaults (提醒设置): '' is "as
 * by default", '0' is "never" for the two escalations.
 */
export type ReminderFields = { warnings: string; overdueEvery: string; unitHeadAfter: string; leaderAfter: string };

const KEYS = ['warnings', 'overdueEvery', 'unitHeadAfter', 'leaderAfter'] as const;

const WARNINGS = [
  { label: '按默认', value: '' },
  { label: '发送', value: 'on' },
  { label: '不发送', value: 'off' },
];

export function reminderFieldsOf(stored: Record<string, unknown> | undefined): ReminderFields {
  const r = stored ?? {};
  const days = (v: unknown) => (v === undefined ? '' : v === null ? '0' : String(v));
  return {
    warnings: r.warnings === undefined ? '' : r.warnings ? 'on' : 'off',
    overdueEvery: r.overdueEvery === undefined ? '' : String(r.overdueEvery),
    unitHeadAfter: days(r.unitHeadAfter),
    leaderAfter: days(r.leaderAfter),
  };
}

/** The override to store (fields not on the form kept), or a Chinese reason the fields are not valid. */
export function remindersOf(
  stored: Record<string, unknown> | undefined,
  f: ReminderFields,
): Record<string, unknown> | string {
  const kept = { ...(stored ?? {}) };
  for (const key of KEYS) delete kept[key];
  if (f.warnings) kept.warnings = f.warnings === 'on';
  const whole = (text: string, min: number, max: number) => {
    const n = Number(text);
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
  if (f.overdueEvery.trim()) {
    const n = whole(f.overdueEvery.trim(), 0, 60);
    if (n === undefined) return '逾期提醒间隔应为0至60之间的整数（0为不再提醒）';
    kept.overdueEvery = n;
  }
  for (const [key, label] of [
    ['unitHeadAfter', '告知单位负责人'],
    ['leaderAfter', '告知分管领导'],
  ] as const) {
    const text = f[key].trim();
    if (!text) continue;
    const n = whole(text, 0, 250);
    if (n === undefined) return `${label}应为0至250之间的整数（0为不告知）`;
    kept[key] = n === 0 ? null : n;
  }
  return kept;
}

type NumberField = 'overdueEvery' | 'unitHeadAfter' | 'leaderAfter';

/** The fields typed as working days: the label, and what an empty default (0 or none) means. */
const NUMBER_FIELDS: [NumberField, string, string][] = [
  ['overdueEvery', '逾期提醒间隔（工作日，0为不再提醒）', '不再提醒'],
  ['unitHeadAfter', '逾期几个工作日后告知单位负责人（0为不告知）', '不告知'],
  ['leaderAfter', '逾期几个工作日后告知分管领导（0为不告知）', '不告知'],
];

/** The four fields, each left empty to keep the default: `defaults`' value when given (e.g. 默认 2), else 按默认. */
export function ReminderFieldsList({
  header,
  fields,
  onChange,
  defaults,
}: {
  header: string;
  fields: ReminderFields;
  onChange: (fields: ReminderFields) => void;
  defaults?: Record<string, unknown>;
}) {
  const field = (key: keyof ReminderFields) => (value: string) => onChange({ ...fields, [key]: value });
  const placeholder = (key: NumberField, never: string) => {
    if (!defaults) return '按默认';
    const value = defaults[key];
    return `默认 ${typeof value === 'number' && value > 0 ? value : never}`;
  };
  return (
    <List mode="card" header={header} className="admin-rule-reminders">
      <List.Item title="截止前预警">
        <Selector options={WARNINGS} value={[fields.warnings]} onChange={(v) => field('warnings')(v[0] ?? '')} />
      </List.Item>
      {NUMBER_FIELDS.map(([key, title, never]) => (
        <List.Item key={key} title={title}>
          <Input type="number" value={fields[key]} onChange={field(key)} placeholder={placeholder(key, never)} />
        </List.Item>
      ))}
    </List>
  );
}
