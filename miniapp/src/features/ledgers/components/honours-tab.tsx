import { Button, Form, Input, List, Selector, Toast } from 'antd-mobile';
import { FormPopup, requiredText } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { formatDate, todayInShanghai } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { HONOUR_LEVELS, type Honour, honours } from '../api/ledgers';
import { confirmRemove, pastDateRules, RowActions, sendOrToast, useCanEdit, useEditing, YearPicker } from './common';

interface HonourValues {
  name: string;
  awardingBody: string;
  level: string[];
  awardYear: number;
  receivedOn: string;
}

/** 登记荣誉 or its correction: name, awarding body, level, the year it is for (last year by default), date received. */
function HonourForm({ honour, onClose, onSaved }: { honour: Honour | null; onClose: () => void; onSaved: () => void }) {
  const today = todayInShanghai();
  const initial: Partial<HonourValues> = honour
    ? { ...honour, level: [honour.level] }
    : { awardYear: Number(today.slice(0, 4)) - 1, receivedOn: today, level: [] };
  return (
    <FormPopup<HonourValues>
      visible
      title={honour ? '修改荣誉' : '登记荣誉'}
      submitText="保存"
      onClose={onClose}
      initialValues={initial}
      onSubmit={async (v) => {
        const body = {
          name: v.name.trim(),
          awardingBody: v.awardingBody.trim(),
          level: v.level[0] ?? '',
          awardYear: v.awardYear,
          receivedOn: v.receivedOn,
        };
        await sendOrToast(() => (honour ? honours.edit(honour.id, body) : honours.create(body)));
        Toast.show({ icon: 'success', content: '已保存' });
        onSaved();
      }}
    >
      <Form.Item name="name" label="荣誉名称" rules={requiredText('请填写荣誉名称')}>
        <Input placeholder="如：全省政务信息工作优秀单位" maxLength={200} clearable />
      </Form.Item>
      <Form.Item name="awardingBody" label="授予单位" rules={requiredText('请填写授予单位')}>
        <Input placeholder="如：省政府办公厅" maxLength={100} clearable />
      </Form.Item>
      <Form.Item name="level" label="荣誉级别" rules={[{ required: true, type: 'array', message: '请选择荣誉级别' }]}>
        <Selector columns={4} options={[...HONOUR_LEVELS]} />
      </Form.Item>
      <Form.Item name="awardYear" label="荣誉所属年度" rules={[{ required: true, message: '请选择荣誉所属年度' }]}>
        <YearPicker title="荣誉所属年度" />
      </Form.Item>
      <Form.Item name="receivedOn" label="获得日期" rules={pastDateRules('获得日期')}>
        <Input type="date" />
      </Form.Item>
    </FormPopup>
  );
}

/** 荣誉 of the year (by the date received), newest first; 督查室 and 会务 add, correct and delete. */
export function HonoursTab({ year }: { year: number }) {
  const canEdit = useCanEdit();
  const list = useRequest((signal) => honours.list(year, signal), [year]);
  const editing = useEditing<Honour>();
  if (list.error && !list.data) return <LoadFailed error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  const rows = [...list.data].sort((a, b) => b.receivedOn.localeCompare(a.receivedOn) || b.id - a.id);
  return (
    <>
      {canEdit ? (
        <Button block color="primary" className="ledger-add" onClick={editing.add}>
          登记荣誉
        </Button>
      ) : null}
      <List mode="card" header={`${year}年获得荣誉（${rows.length}项）`} className="honour-list">
        {rows.length === 0 ? <List.Item>本年度暂无荣誉登记</List.Item> : null}
        {rows.map((h) => (
          <List.Item
            key={h.id}
            className="honour-item"
            data-honour={h.id}
            description={
              <>
                <div className="item-meta">
                  <span>{h.levelName}</span>
                  <span>{h.awardingBody}</span>
                  <span>{h.awardYear}年度</span>
                  <span>{formatDate(h.receivedOn)}获得</span>
                </div>
                {canEdit ? (
                  <RowActions
                    onEdit={() => editing.edit(h)}
                    onRemove={() => confirmRemove(`荣誉“${h.name}”`, () => honours.remove(h.id), list.reload)}
                  />
                ) : null}
              </>
            }
          >
            <div className="item-title">{h.name}</div>
          </List.Item>
        ))}
      </List>
      {editing.open ? <HonourForm honour={editing.row} onClose={editing.close} onSaved={list.reload} /> : null}
    </>
  );
}
