import { Form, Input, Selector, Switch, Toast } from 'antd-mobile';
import { FormPopup, requiredText } from '@/components/form-popup';
import { todayInShanghai } from '@/lib/dates';
import { addEntry, type Entry, type EntryBody, editEntry, type Ledger } from '../api/ledgers';
import { pastDateRules, sendOrToast } from './common';

interface EntryValues {
  category: string[];
  enteredOn: string;
  title: string;
  amount?: string;
  rectified?: boolean;
  rectifiedOn?: string;
}

function initialOf(ledger: Ledger, entry: Entry | null): Partial<EntryValues> {
  if (entry) {
    return {
      category: [entry.category],
      enteredOn: entry.enteredOn,
      title: entry.title,
      amount: entry.amount ?? undefined,
      rectified: entry.rectified ?? false,
      rectifiedOn: entry.rectifiedOn ?? undefined,
    };
  }
  const today = todayInShanghai();
  const only = ledger.categories.length === 1 ? [ledger.categories[0]?.category ?? ''] : [];
  // A past year's ledger: its last day, so the date starts within the ledger's year.
  return { category: only, enteredOn: today.startsWith(String(ledger.year)) ? today : `${ledger.year}-12-31` };
}

/** What the server takes: an amount for a money category only, 整改 for a 问题 only. */
function bodyOf(ledger: Ledger, v: EntryValues): EntryBody {
  const category = v.category[0] ?? '';
  const money = ledger.categories.find((c) => c.category === category)?.money ?? false;
  const problem = category === 'problem';
  return {
    category,
    enteredOn: v.enteredOn,
    title: v.title.trim(),
    amount: money ? (v.amount ?? '').trim() : null,
    rectified: problem ? v.rectified === true : null,
    rectifiedOn: problem && v.rectified ? (v.rectifiedOn ?? null) : null,
  };
}

/**
 * 新增记录 or its correction: the category (of the ledger's kind), the date (within its year), what was done; the
 * amount in 万元 only for a money category, 已整改 and the date rectified only for a 问题.
 */
export function EntryForm({
  ledger,
  entry,
  onClose,
  onSaved,
}: {
  ledger: Ledger;
  entry: Entry | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const moneyOf = (category?: string) => ledger.categories.find((c) => c.category === category)?.money ?? false;
  return (
    <FormPopup<EntryValues>
      visible
      title={entry ? '修改台账记录' : '新增台账记录'}
      submitText="保存"
      onClose={onClose}
      initialValues={initialOf(ledger, entry)}
      onSubmit={async (v) => {
        const body = bodyOf(ledger, v);
        await sendOrToast(() => (entry ? editEntry(entry.id, body) : addEntry(ledger.id, body)));
        Toast.show({ icon: 'success', content: '已保存' });
        onSaved();
      }}
    >
      <Form.Item
        name="category"
        label="记录类别"
        rules={[{ required: true, type: 'array', message: '请选择记录类别' }]}
      >
        <Selector columns={3} options={ledger.categories.map((c) => ({ label: c.name, value: c.category }))} />
      </Form.Item>
      <Form.Item name="enteredOn" label="日期" rules={pastDateRules('记录日期')}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="title" label="记录内容" rules={requiredText('请填写记录内容')}>
        <Input placeholder="如：春节前走访慰问结对困难户" maxLength={200} clearable />
      </Form.Item>
      <Form.Subscribe to={['category', 'rectified']}>
        {({ category, rectified }: Partial<EntryValues>) => {
          const picked = category?.[0];
          return (
            <>
              {moneyOf(picked) ? (
                <Form.Item
                  name="amount"
                  label="金额（万元，最多两位小数）"
                  rules={requiredText('请填写金额（万元）')}
                  extra="万元"
                >
                  <Input placeholder="如：12.5" inputMode="decimal" maxLength={12} clearable />
                </Form.Item>
              ) : null}
              {picked === 'problem' ? (
                <Form.Item name="rectified" label="已整改" valuePropName="checked" layout="horizontal">
                  <Switch />
                </Form.Item>
              ) : null}
              {picked === 'problem' && rectified ? (
                <Form.Item name="rectifiedOn" label="整改完成日期" rules={pastDateRules('整改完成日期')}>
                  <Input type="date" />
                </Form.Item>
              ) : null}
            </>
          );
        }}
      </Form.Subscribe>
    </FormPopup>
  );
}
