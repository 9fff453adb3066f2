import { Button, Form, Input, List, Selector, Toast } from 'antd-mobile';
import { FormPopup, requiredText } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { formatDate, todayInShanghai } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import { RECEPTION_KINDS, RECEPTION_LEVELS, type Reception, receptions } from '../api/ledgers';
import { confirmRemove, pastDateRules, RowActions, sendOrToast, useCanEdit, useEditing } from './common';

interface ReceptionValues {
  receivedOn: string;
  visitingBody: string;
  level: string[];
  kind: string[];
  topic: string;
}

const picked = (what: string) => [{ required: true, type: 'array' as const, message: `请选择${what}` }];

/** 登记来访接待 or its correction: the date, the visiting body and its level, the kind of visit, its topic. */
function ReceptionForm({
  reception,
  onClose,
  onSaved,
}: {
  reception: Reception | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const initial: Partial<ReceptionValues> = reception
    ? { ...reception, level: [reception.level], kind: [reception.kind] }
    : { receivedOn: todayInShanghai(), level: [], kind: [] };
  return (
    <FormPopup<ReceptionValues>
      visible
      title={reception ? '修改接待登记' : '登记来访接待'}
      submitText="保存"
      onClose={onClose}
      initialValues={initial}
      onSubmit={async (v) => {
        const body = {
          receivedOn: v.receivedOn,
          visitingBody: v.visitingBody.trim(),
          level: v.level[0] ?? '',
          kind: v.kind[0] ?? '',
          topic: v.topic.trim(),
        };
        await sendOrToast(() => (reception ? receptions.edit(reception.id, body) : receptions.create(body)));
        Toast.show({ icon: 'success', content: '已保存' });
        onSaved();
      }}
    >
      <Form.Item name="receivedOn" label="接待日期" rules={pastDateRules('接待日期')}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="visitingBody" label="来访单位" rules={requiredText('请填写来访单位')}>
        <Input placeholder="如：省政府办公厅" maxLength={100} clearable />
      </Form.Item>
      <Form.Item name="level" label="来访单位级别" rules={picked('来访单位级别')}>
        <Selector columns={4} options={[...RECEPTION_LEVELS]} />
      </Form.Item>
      <Form.Item name="kind" label="接待类型" rules={picked('接待类型')}>
        <Selector columns={3} options={[...RECEPTION_KINDS]} />
      </Form.Item>
      <Form.Item name="topic" label="接待主题" rules={requiredText('请填写接待主题')}>
        <Input placeholder="如：政务信息报送工作调研" maxLength={200} clearable />
      </Form.Item>
    </FormPopup>
  );
}

/** 来访接待 of the year, newest first, with how many of each kind; 督查室 and 会务 add, correct and delete. */
export function ReceptionsTab({ year }: { year: number }) {
  const canEdit = useCanEdit();
  const list = useRequest((signal) => receptions.list(year, signal), [year]);
  const editing = useEditing<Reception>();
  if (list.error && !list.data) return <LoadFailed error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  const rows = [...list.data].sort((a, b) => b.receivedOn.localeCompare(a.receivedOn) || b.id - a.id);
  const counts = RECEPTION_KINDS.map((k) => `${k.label}${rows.filter((r) => r.kind === k.value).length}次`);
  return (
    <>
      {canEdit ? (
        <Button block color="primary" className="ledger-add" onClick={editing.add}>
          登记来访接待
        </Button>
      ) : null}
      <List mode="card" header={`${year}年来访接待（${rows.length}次）`} className="reception-list">
        {rows.length ? <List.Item className="ledger-summary">{counts.join(' · ')}</List.Item> : null}
        {rows.length === 0 ? <List.Item>本年度暂无接待登记</List.Item> : null}
        {rows.map((r) => (
          <List.Item
            key={r.id}
            className="reception-item"
            data-reception={r.id}
            description={
              <>
                <div className="item-meta">
                  <span>{formatDate(r.receivedOn)}</span>
                  <span>
                    {r.visitingBody}（{r.levelName}）
                  </span>
                  <span>{r.kindName}</span>
                </div>
                {canEdit ? (
                  <RowActions
                    onEdit={() => editing.edit(r)}
                    onRemove={() =>
                      confirmRemove(`${r.visitingBody}的接待登记`, () => receptions.remove(r.id), list.reload)
                    }
                  />
                ) : null}
              </>
            }
          >
            <div className="item-title">{r.topic}</div>
          </List.Item>
        ))}
      </List>
      {editing.open ? <ReceptionForm reception={editing.row} onClose={editing.close} onSaved={list.reload} /> : null}
    </>
  );
}
