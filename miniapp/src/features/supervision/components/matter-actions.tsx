import { Button, Dialog, Form, Radio, Space, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { FormPopup, reasonWhen } from '@/components/form-popup';
import { toastAction } from '@/components/toast-action';
import type { Me } from '@/lib/auth';
import { hasRole } from '@/lib/roles';
import { acceptMatter, decideExtension, type MatterDetail, OPEN_STATUSES } from '../api/matters';
import {
  CompleteForm,
  CoOpinionForm,
  EvaluateForm,
  ExtensionForm,
  ProgressForm,
  RedoForm,
  UrgeForm,
} from './matter-action-forms';

type Action = 'progress' | 'coOpinion' | 'extension' | 'complete' | 'urge' | 'evaluate' | 'redo';

/** Whether the signed-in user is of the matter's lead unit (a member, or its head). */
function ofLeadUnit(me: Me, matter: MatterDetail): boolean {
  const unit = matter.leadDepartment.id;
  return (
    me.departments.some((d) => d.id === unit) || me.user.roles.some((r) => r.role === 'unit_head' && r.scope === unit)
  );
}

/** Whether the signed-in user is of one of the matter's co-units (协办单位) and not of its lead unit. */
function ofCoUnit(me: Me, matter: MatterDetail): boolean {
  const mine = (unit: string) =>
    me.departments.some((d) => d.id === unit) || me.user.roles.some((r) => r.role === 'unit_head' && r.scope === unit);
  return !mine(matter.leadDepartment.id) && matter.coDepartments.some((d) => mine(d.id));
}

/** What the signed-in user may do with the matter now: the lead unit handles it, the supervision office chases it. */
export function MatterActions({ matter, me, onChanged }: { matter: MatterDetail; me: Me; onChanged: () => void }) {
  const [open, setOpen] = useState<Action | null>(null);
  const close = () => setOpen(null);
  const done = (message: string) => {
    Toast.show({ icon: 'success', content: message });
    onChanged();
  };
  const isOpen = (OPEN_STATUSES as readonly string[]).includes(matter.status);
  const unit = isOpen && ofLeadUnit(me, matter);
  const coUnit = isOpen && ofCoUnit(me, matter);
  const office = hasRole(me.user, 'supervision_office');
  const pendingExtension = matter.extensions.some((e) => e.status === 'pending');

  const accept = () => toastAction(() => acceptMatter(matter.id), '已签收', onChanged);

  const buttons = [
    unit && matter.status === 'assigned' ? (
      <Button key="accept" color="primary" fill="outline" onClick={() => void accept()}>
        签收
      </Button>
    ) : null,
    unit ? (
      <Button key="progress" color="primary" onClick={() => setOpen('progress')}>
        报送进展
      </Button>
    ) : null,
    coUnit ? (
      <Button key="coOpinion" color="primary" onClick={() => setOpen('coOpinion')}>
        报送协办意见
      </Button>
    ) : null,
    unit && !pendingExtension && matter.deadline && matter.extensionPolicy ? (
      <Button key="extension" color="warning" fill="outline" onClick={() => setOpen('extension')}>
        申请延期
      </Button>
    ) : null,
    unit ? (
      <Button key="complete" color="success" onClick={() => setOpen('complete')}>
        办结
      </Button>
    ) : null,
    office && isOpen ? (
      <Button key="urge" color="danger" onClick={() => setOpen('urge')}>
        催办
      </Button>
    ) : null,
    office && matter.status === 'completed' ? (
      <Button key="redo" color="warning" fill="outline" onClick={() => setOpen('redo')}>
        退回重办
      </Button>
    ) : null,
    office && (matter.status === 'completed' || matter.status === 'evaluated') ? (
      <Button
        key="evaluate"
        color="primary"
        fill={matter.status === 'evaluated' ? 'outline' : 'solid'}
        onClick={() => setOpen('evaluate')}
      >
        {matter.status === 'evaluated' ? '修改评价' : '评价'}
      </Button>
    ) : null,
  ].filter(Boolean);

  if (buttons.length === 0) return null;
  const form = { matter, onClose: close, onDone: done };
  return (
    <div className="action-bar">
      <Space wrap>{buttons}</Space>
      <ProgressForm {...form} visible={open === 'progress'} />
      <CoOpinionForm {...form} visible={open === 'coOpinion'} />
      {open === 'extension' ? <ExtensionForm {...form} visible /> : null}
      <CompleteForm {...form} visible={open === 'complete'} />
      <UrgeForm {...form} visible={open === 'urge'} />
      <RedoForm {...form} visible={open === 'redo'} />
      <EvaluateForm {...form} visible={open === 'evaluate'} />
    </div>
  );
}

/** The supervision office (or a leader) approves or refuses a pending extension request, with a note. */
export function ExtensionDecisionForm({
  matterId,
  requestId,
  onClose,
  onChanged,
}: {
  matterId: number;
  requestId: number;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [form] = Form.useForm();
  return (
    <FormPopup<{ approve: 'yes' | 'no'; note?: string }>
      visible
      form={form}
      title="审批延期申请"
      submitText="提交审批意见"
      onClose={onClose}
      onSubmit={async ({ approve, note }) => {
        if (approve === 'no') {
          const sure = await Dialog.confirm({
            title: '确认不同意延期',
            content: '承办单位将收到不同意延期的通知，须按原期限办结。',
            confirmText: '确认不同意',
          });
          if (!sure) return;
        }
        await decideExtension(matterId, requestId, approve === 'yes', note?.trim() ?? '');
        Toast.show({ icon: 'success', content: approve === 'yes' ? '已同意延期' : '已不同意延期' });
        onChanged();
      }}
    >
      <Form.Item name="approve" label="审批结果" rules={[{ required: true, message: '请选择是否同意延期' }]}>
        <Radio.Group>
          <Space direction="vertical" className="decision-choices">
            <Radio value="yes">同意延期</Radio>
            <Radio value="no">不同意（须填写理由）</Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="note"
        label="审批意见"
        dependencies={['approve']}
        rules={reasonWhen(form, 'approve', 'no', '不同意延期时请填写理由')}
      >
        <TextArea rows={3} maxLength={2000} placeholder="同意时可不填" />
      </Form.Item>
    </FormPopup>
  );
}
