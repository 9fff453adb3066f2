import { Button, Form, Input, List, Selector, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { FormPopup, requiredText } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { KindTag } from '@/components/record-item';
import { useRequest } from '@/lib/use-request';
import { createLedger, getLedgers, LEDGER_KINDS, type Ledger } from '../api/ledgers';
import { sendOrToast, useCanEdit, useEditing } from './common';

/** How an entry that is not money is counted, by category (the year-end summary's words). */
const COUNTED_IN: Record<string, string> = {
  practical_deed: '件',
  problem_list: '份',
  problem: '个',
  home_visit: '次',
  civic_activity: '次',
  other_item: '件',
};

/** A category's total: “入户走访 11次”, or “筹集帮扶资金 8.85万元（2笔）”. */
export function totalsOf(ledger: Ledger): { category: string; text: string }[] {
  return ledger.categories.map((c) => {
    const total = ledger.totals.find((t) => t.category === c.category);
    const entries = total?.entries ?? 0;
    const text = c.money
      ? `${c.name} ${total?.amount ?? '0.00'}万元（${entries}笔）`
      : `${c.name} ${entries}${COUNTED_IN[c.category] ?? '件'}`;
    return { category: c.category, text };
  });
}

interface LedgerValues {
  kind: string[];
  name: string;
}

/** 新建台账 of the year shown: its kind and name (unique in the year). */
function LedgerForm({ year, onClose, onSaved }: { year: number; onClose: () => void; onSaved: (l: Ledger) => void }) {
  return (
    <FormPopup<LedgerValues>
      visible
      title={`新建${year}年台账`}
      submitText="保存"
      onClose={onClose}
      initialValues={{ kind: [] }}
      onSubmit={async (v) => {
        const ledger = await sendOrToast(() => createLedger({ year, kind: v.kind[0] ?? '', name: v.name.trim() }));
        Toast.show({ icon: 'success', content: '已新建' });
        onSaved(ledger);
      }}
    >
      <Form.Item name="kind" label="台账类型" rules={[{ required: true, type: 'array', message: '请选择台账类型' }]}>
        <Selector columns={4} options={[...LEDGER_KINDS]} />
      </Form.Item>
      <Form.Item name="name" label="台账名称" rules={requiredText('请填写台账名称')}>
        <Input placeholder={`如：${year}年结对帮扶`} maxLength={100} clearable />
      </Form.Item>
    </FormPopup>
  );
}

/** The year's 台账 by kind, each with its totals per category; a tap opens its entries. */
export function BooksTab({ year }: { year: number }) {
  const canEdit = useCanEdit();
  const navigate = useNavigate();
  const list = useRequest((signal) => getLedgers(year, signal), [year]);
  const editing = useEditing<Ledger>();
  if (list.error && !list.data) return <LoadFailed error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  const rows = list.data;
  return (
    <>
      {canEdit ? (
        <Button block color="primary" className="ledger-add" onClick={editing.add}>
          新建台账
        </Button>
      ) : null}
      <List mode="card" header={`${year}年专项工作台账（${rows.length}本）`} className="book-list">
        {rows.length === 0 ? <List.Item>本年度暂无台账</List.Item> : null}
        {rows.map((l) => (
          <List.Item
            key={l.id}
            className="book-item"
            data-book={l.id}
            onClick={() => navigate(`/m/ledgers/books/${l.id}`)}
            description={
              <div className="book-totals">
                {totalsOf(l).map((t) => (
                  <span key={t.category} data-category={t.category}>
                    {t.text}
                  </span>
                ))}
              </div>
            }
          >
            <div className="item-title">
              <KindTag>{l.kindName}</KindTag>
              {l.name}
            </div>
          </List.Item>
        ))}
      </List>
      {editing.open ? (
        <LedgerForm year={year} onClose={editing.close} onSaved={(l) => navigate(`/m/ledgers/books/${l.id}`)} />
      ) : null}
    </>
  );
}
