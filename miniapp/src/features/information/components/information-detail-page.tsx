import { Button, Dialog, Form, Input, List, Selector, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useParams } from 'react-router';
import { FormPopup, requiredText } from '@/components/form-popup';
import { LoadFailed, Loading } from '@/components/page-state';
import { usePageTitle } from '@/hooks/use-page-title';
import { errorText } from '@/lib/api-client';
import { useMe } from '@/lib/auth';
import { formatInstant, todayInShanghai } from '@/lib/dates';
import { useRequest } from '@/lib/use-request';
import {
  ADOPTION_FORMS,
  ADOPTION_LEVELS,
  type AdoptionForm,
  type AdoptionLevel,
  getItem,
  type InformationItem,
  recordAdoption,
  removeAdoption,
  reportItem,
  returnItem,
  submitItem,
} from '../api/information';
import { ItemForm } from './information-form';
import { StatusTag } from './status-tag';
import { isOffice, useWriterOptions } from './use-writer-options';
import './information.css';

interface AdoptionValues {
  level: string[];
  form: string[];
  adoptedOn: string;
  instruction?: string[];
}

/** The item's facts: unit, writer, dates, status, the reason it came back, the 约稿 it answers, and its score. */
function ItemFacts({ item }: { item: InformationItem }) {
  return (
    <List mode="card" header="政务信息" className="information-facts">
      <List.Item className="information-detail-title">{item.title}</List.Item>
      <List.Item extra={<StatusTag item={item} />}>状态</List.Item>
      {item.status === 'returned' && item.returnReason ? (
        <List.Item className="information-return" description={item.returnReason}>
          退回原因
        </List.Item>
      ) : null}
      <List.Item extra={item.unit.name}>报送单位</List.Item>
      <List.Item extra={item.author.name}>撰写人</List.Item>
      <List.Item extra={item.submittedAt ? formatInstant(item.submittedAt) : '未提交'}>提交时间</List.Item>
      {item.reportedAt ? <List.Item extra={formatInstant(item.reportedAt)}>报送时间</List.Item> : null}
      {item.matter ? <List.Item description={item.matter.title}>对应约稿 {item.matter.number}</List.Item> : null}
      <List.Item className="information-content" description={item.content}>
        信息正文
      </List.Item>
    </List>
  );
}

/** 采用情况: each adoption with its points, the item's score, and for the office 删除 after a confirmation. */
function Adoptions({
  item,
  canRemove,
  onChanged,
}: {
  item: InformationItem;
  canRemove: boolean;
  onChanged: () => void;
}) {
  if (item.status !== 'reported') return null;
  return (
    <List mode="card" header={`采用情况（得分 ${item.score}）`} className="information-adoptions">
      {item.adoptions.length === 0 ? <List.Item>尚未登记采用</List.Item> : null}
      {item.adoptions.map((a) => (
        <List.Item
          key={a.id}
          className="information-adoption"
          description={`${a.adoptedOn} · ${a.formName}${a.instructionName ? ` · ${a.instructionName}` : ''}`}
          extra={
            <span className="information-adoption-extra">
              <span className="information-points">{a.points}分</span>
              {canRemove ? (
                <Button
                  size="mini"
                  color="danger"
                  fill="none"
                  onClick={async () => {
                    const confirmed = await Dialog.confirm({
                      content: `删除“${a.levelName}${a.formName}”的采用记录？删除后得分随之扣减。`,
                      confirmText: '删除',
                    });
                    if (!confirmed) return;
                    try {
                      await removeAdoption(item.id, a.id);
                      Toast.show({ content: '已删除采用记录' });
                      onChanged();
                    } catch (err) {
                      Toast.show({ content: errorText(err) });
                    }
                  }}
                >
                  删除
                </Button>
              ) : null}
            </span>
          }
        >
          {a.levelName}
        </List.Item>
      ))}
    </List>
  );
}

/** 登记采用: the level (one per level), the form, the date (today unless changed) and a leader's 批示 if any. */
function AdoptionSheet({
  item,
  visible,
  onClose,
  onSaved,
}: {
  item: InformationItem;
  visible: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const taken = new Set(item.adoptions.map((a) => a.level));
  const levels = ADOPTION_LEVELS.filter((l) => !taken.has(l.value)).map((l) => ({ label: l.label, value: l.value }));
  const forms = ADOPTION_FORMS.map((f) => ({ label: f.label, value: f.value }));
  const instructions = ADOPTION_LEVELS.map((l) => ({ label: l.leader, value: l.value }));
  return (
    <FormPopup<AdoptionValues>
      visible={visible}
      title="登记采用"
      submitText="登记"
      onClose={onClose}
      initialValues={{ level: levels.length === 1 ? [levels[0]?.value ?? ''] : [], adoptedOn: todayInShanghai() }}
      onSubmit={async (values) => {
        await recordAdoption(item.id, {
          level: values.level[0] as AdoptionLevel,
          form: values.form[0] as AdoptionForm,
          adoptedOn: values.adoptedOn,
          instructionLevel: (values.instruction?.[0] as AdoptionLevel | undefined) ?? null,
        });
        Toast.show({ content: '已登记采用' });
        onSaved();
      }}
    >
      <Form.Item name="level" label="采用单位" rules={[{ required: true, message: '请选择采用层级' }]}>
        <Selector columns={1} options={levels} />
      </Form.Item>
      <Form.Item name="form" label="采用形式" rules={[{ required: true, message: '请选择采用形式' }]}>
        <Selector columns={3} options={forms} />
      </Form.Item>
      <Form.Item name="adoptedOn" label="采用日期" rules={[{ required: true, message: '请选择采用日期' }]}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="instruction" label="领导批示（选填）">
        <Selector columns={3} options={instructions} />
      </Form.Item>
    </FormPopup>
  );
}

type Open = 'edit' | 'return' | 'adopt' | null;

/** Runs an action, tells its outcome, and reloads the item; a refusal shows the server's reason. */
async function act(send: () => Promise<unknown>, done: string, reload: () => void) {
  try {
    await send();
    Toast.show({ content: done });
    reload();
  } catch (err) {
    Toast.show({ content: errorText(err) });
  }
}

/** The buttons this reader has for this item now: a unit 修改 and 提交; the office 修改, 退回, 报送 and 登记采用. */
function Actions({
  item,
  formReady,
  setOpen,
  reload,
}: {
  item: InformationItem;
  /** The edit form's choices are loaded. */
  formReady: boolean;
  setOpen: (o: Open) => void;
  reload: () => void;
}) {
  const { user } = useMe();
  const office = isOffice(user);
  const officeTurn = office && (item.status === 'submitted' || item.status === 'edited');
  const unitTurn = item.canEdit && (item.status === 'draft' || item.status === 'returned');
  const adoptable = office && item.status === 'reported' && item.adoptions.length < ADOPTION_LEVELS.length;
  if (!item.canEdit && !officeTurn && !adoptable) return null;
  return (
    <div className="information-actions">
      {item.canEdit ? (
        <Button fill="outline" color="primary" disabled={!formReady} onClick={() => setOpen('edit')}>
          修改
        </Button>
      ) : null}
      {unitTurn ? (
        <Button
          color="primary"
          onClick={async () => {
            if (!(await Dialog.confirm({ content: '提交后由督查室编辑报送，确定提交吗？', confirmText: '提交' })))
              return;
            await act(() => submitItem(item.id), '已提交', reload);
          }}
        >
          提交
        </Button>
      ) : null}
      {officeTurn ? (
        <>
          <Button fill="outline" color="danger" onClick={() => setOpen('return')}>
            退回
          </Button>
          <Button
            color="primary"
            onClick={async () => {
              const confirmed = await Dialog.confirm({
                content: '报送后信息不能再修改或退回，确定报送吗？',
                confirmText: '报送',
              });
              if (confirmed) await act(() => reportItem(item.id), '已报送', reload);
            }}
          >
            报送
          </Button>
        </>
      ) : null}
      {adoptable ? (
        <Button color="primary" onClick={() => setOpen('adopt')}>
          登记采用
        </Button>
      ) : null}
    </div>
  );
}

/**
 * One 政务信息: its facts, the reason it was returned, its adoptions and score; the unit edits and submits its draft
 * or returned item; the office edits, returns (with a reason) or reports a submitted one, and records or removes
 * adoptions of a reported one; the leaders read.
 */
export function InformationDetailPage() {
  const { id } = useParams();
  usePageTitle('政务信息');
  const { user } = useMe();
  const item = useRequest((signal) => getItem(Number(id), signal), [id]);
  const [open, setOpen] = useState<Open>(null);
  const writer = useWriterOptions(Boolean(item.data?.canEdit));
  const close = () => setOpen(null);

  if (item.error && !item.data) return <LoadFailed error={item.error} onRetry={item.reload} />;
  if (!item.data) return <Loading />;
  const it = item.data;

  return (
    <div className="page information-detail-page">
      <ItemFacts item={it} />
      <Adoptions item={it} canRemove={isOffice(user)} onChanged={item.reload} />
      <Actions item={it} formReady={writer.ready} setOpen={setOpen} reload={item.reload} />
      {it.canEdit && writer.ready ? (
        <ItemForm
          visible={open === 'edit'}
          item={it}
          units={writer.units}
          defaultUnit={writer.defaultUnit}
          matters={writer.matters}
          onClose={close}
          onSaved={() => {
            Toast.show({ content: '已保存' });
            item.reload();
          }}
        />
      ) : null}
      <FormPopup<{ reason: string }>
        visible={open === 'return'}
        title="退回政务信息"
        submitText="退回"
        onClose={close}
        onSubmit={async ({ reason }) => {
          await returnItem(it.id, reason.trim());
          Toast.show({ content: '已退回' });
          item.reload();
        }}
      >
        <Form.Item name="reason" label="退回原因" rules={requiredText('请填写退回原因')}>
          <TextArea placeholder="如：请补充具体数据和成效" rows={3} maxLength={500} />
        </Form.Item>
      </FormPopup>
      <AdoptionSheet item={it} visible={open === 'adopt'} onClose={close} onSaved={item.reload} />
    </div>
  );
}
