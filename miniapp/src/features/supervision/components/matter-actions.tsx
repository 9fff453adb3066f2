import { Button, Form, Input, Radio, Space, Switch, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { FormPopup, requiredText } from '@/components/form-popup';
import { errorText } from '@/lib/api-client';
import type { Me } from '@/lib/auth';
import { hasRole } from '@/lib/roles';
import {
  acceptMatter,
  completeMatter,
  decideExtension,
  evaluateMatter,
  type MatterDetail,
  OPEN_STATUSES,
  redoMatter,
  reportProgress,
  requestExtension,
  urgeMatter,
} from '../api/matters';

type Action = 'progress' | 'extension' | 'complete' | 'urge' | 'evaluate' | 'redo';

const UNIT_NAMES: Record<string, string> = { day: '日', workday: '个工作日', month: '个月' };
const DEPUTY_SOURCES = ['npc_suggestion', 'cppcc_proposal'];

/** Whether the signed-in user is of the matter's lead unit (a member, or its head). */
function ofLeadUnit(me: Me, matter: MatterDetail): boolean {
  const unit = matter.leadDepartment.id;
  return (
    me.departments.some((d) => d.id === unit) || me.user.roles.some((r) => r.role === 'unit_head' && r.scope === unit)
  );
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
  const office = hasRole(me.user, 'supervision_office');
  const pendingExtension = matter.extensions.some((e) => e.status === 'pending');

  const accept = async () => {
    try {
      await acceptMatter(matter.id);
      done('已签收');
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err) });
    }
  };

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
    office && matter.status === 'completed' ? (
      <Button key="evaluate" color="primary" onClick={() => setOpen('evaluate')}>
        评价
      </Button>
    ) : null,
  ].filter(Boolean);

  if (buttons.length === 0) return null;
  return (
    <div className="action-bar">
      <Space wrap>{buttons}</Space>

      <FormPopup<{ content: string }>
        visible={open === 'progress'}
        title="报送进展情况"
        submitText="提交进展"
        onClose={close}
        onSubmit={async ({ content }) => {
          await reportProgress(matter.id, content.trim());
          done('进展已报送');
        }}
      >
        <Form.Item name="content" label="进展情况" rules={requiredText('请填写进展情况')}>
          <TextArea placeholder="本阶段工作进展、存在问题及下步打算" rows={5} maxLength={2000} showCount />
        </Form.Item>
      </FormPopup>

      {open === 'extension' ? <ExtensionForm matter={matter} onClose={close} onDone={done} /> : null}

      <FormPopup<{ reply: string; outcomeClass?: 'A' | 'B' | 'C' | 'D'; metDeputy?: boolean }>
        visible={open === 'complete'}
        title="办结并答复"
        submitText="确认办结"
        onClose={close}
        initialValues={{ metDeputy: false }}
        onSubmit={async ({ reply, outcomeClass, metDeputy }) => {
          const deputy = DEPUTY_SOURCES.includes(matter.source);
          await completeMatter(matter.id, {
            reply: reply.trim(),
            ...(deputy ? { outcomeClass, metDeputy: metDeputy ?? false } : {}),
          });
          done('已办结');
        }}
      >
        <Form.Item name="reply" label="办理结果" rules={requiredText('请填写办理结果')}>
          <TextArea placeholder="办理情况及结果，将报督查室审核" rows={5} maxLength={5000} showCount />
        </Form.Item>
        {DEPUTY_SOURCES.includes(matter.source) ? (
          <>
            <Form.Item name="outcomeClass" label="办理类别" rules={[{ required: true, message: '请选择办理类别' }]}>
              <Radio.Group>
                <Space direction="vertical">
                  <Radio value="A">A类 已解决或基本解决</Radio>
                  <Radio value="B">B类 正在解决或列入计划解决</Radio>
                  <Radio value="C">C类 因条件限制以后解决</Radio>
                  <Radio value="D">D类 留作参考</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="metDeputy" label="已与代表（委员）见面沟通" valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        ) : null}
      </FormPopup>

      <FormPopup<{ note?: string }>
        visible={open === 'urge'}
        title={`催办：${matter.leadDepartment.name}`}
        submitText="发送催办"
        onClose={close}
        onSubmit={async ({ note }) => {
          await urgeMatter(matter.id, note?.trim() ?? '');
          done('已催办，将以钉钉工作通知提醒承办单位');
        }}
      >
        <Form.Item name="note" label="催办意见（选填）">
          <TextArea placeholder="如：请于本周五前报送办理结果" rows={3} maxLength={500} showCount />
        </Form.Item>
      </FormPopup>

      <FormPopup<{ reason: string }>
        visible={open === 'redo'}
        title={`退回重办：${matter.leadDepartment.name}`}
        submitText="退回重办"
        onClose={close}
        onSubmit={async ({ reason }) => {
          await redoMatter(matter.id, reason.trim());
          done('已退回重办，将以钉钉工作通知告知承办单位');
        }}
      >
        <Form.Item name="reason" label="退回理由" rules={requiredText('请说明退回重办的理由')}>
          <TextArea placeholder="如：现场核查仍有问题未整改到位" rows={3} maxLength={2000} showCount />
        </Form.Item>
      </FormPopup>

      <FormPopup<{ grade: 'excellent' | 'good' | 'fair' | 'poor'; comment?: string }>
        visible={open === 'evaluate'}
        title="评价办理质量"
        submitText="提交评价"
        onClose={close}
        onSubmit={async ({ grade, comment }) => {
          await evaluateMatter(matter.id, grade, comment?.trim() ?? '');
          done('评价已提交');
        }}
      >
        <Form.Item name="grade" label="评价等次" rules={[{ required: true, message: '请选择评价等次' }]}>
          <Radio.Group>
            <Space wrap>
              <Radio value="excellent">优秀</Radio>
              <Radio value="good">良好</Radio>
              <Radio value="fair">一般</Radio>
              <Radio value="poor">较差</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="comment" label="评价意见（选填）">
          <TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormPopup>
    </div>
  );
}

/** 申请延期: how much longer, in the unit of the matter's rule, and why. */
function ExtensionForm({
  matter,
  onClose,
  onDone,
}: {
  matter: MatterDetail;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const unit = UNIT_NAMES[matter.extensionPolicy?.unit ?? 'day'] ?? '日';
  const max = matter.extensionPolicy?.maxAmount ?? 366;
  return (
    <FormPopup<{ amount: string; reason: string }>
      visible
      title="申请延期"
      submitText="提交延期申请"
      onClose={onClose}
      onSubmit={async ({ amount, reason }) => {
        await requestExtension(matter.id, Number(amount), reason.trim());
        onDone('延期申请已提交，待督查室审批');
      }}
    >
      <Form.Item
        name="amount"
        label={`延长时限（${unit}，最多${max}）`}
        rules={[
          { required: true, message: '请填写延长时限' },
          {
            validator: async (_rule, value: string) => {
              const n = Number(value);
              if (!Number.isInteger(n) || n < 1) throw new Error('延长时限应为正整数');
              if (n > max) throw new Error(`延长时限不能超过${max}${unit}`);
            },
          },
        ]}
      >
        <Input type="number" inputMode="numeric" placeholder={`如：5（${unit}）`} />
      </Form.Item>
      <Form.Item name="reason" label="延期理由" rules={requiredText('请说明延期理由')}>
        <TextArea placeholder="说明无法按期办结的原因及预计完成时间" rows={4} maxLength={2000} showCount />
      </Form.Item>
    </FormPopup>
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
        await decideExtension(matterId, requestId, approve === 'yes', note?.trim() ?? '');
        Toast.show({ icon: 'success', content: approve === 'yes' ? '已同意延期' : '已不同意延期' });
        onChanged();
      }}
    >
      <Form.Item name="approve" label="审批结果" rules={[{ required: true, message: '请选择是否同意延期' }]}>
        <Radio.Group>
          <Space>
            <Radio value="yes">同意延期</Radio>
            <Radio value="no">不同意</Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="note"
        label="审批意见"
        dependencies={['approve']}
        rules={[
          {
            validator: async (_rule, value?: string) => {
              if (form.getFieldValue('approve') === 'no' && !value?.trim()) throw new Error('不同意延期时请填写意见');
            },
          },
        ]}
      >
        <TextArea rows={3} maxLength={2000} placeholder="同意时可不填" />
      </Form.Item>
    </FormPopup>
  );
}
